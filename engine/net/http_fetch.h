#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "engine/core/base/error.h"
#include "engine/net/beast.h"

namespace ombudsflow {

/// One outgoing HTTP request, for talking to an identity provider.
struct FetchRequest {
  http::verb method = http::verb::get;
  std::string url;  // absolute http or https
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // for the whole exchange
  std::size_t max_body = 1 << 20;             // a larger answer is refused
};

struct FetchResponse {
  int status = 0;
  std::string body;
};

/// Sends `request` and reads the whole answer, blocking the calling thread
/// (a worker's, never an I/O thread's). https verifies the server's
/// certificate against `tls`'s trust store and the URL's host name; plain
/// http is allowed to loopback addresses only, for tests and local
/// providers. kUnavailable for anything the network or the server did wrong.
[[nodiscard]] Result<FetchResponse> Fetch(const FetchRequest& request, boost::asio::ssl::context& tls);

/// A TLS client context with the system's trust store and TLS 1.2 or newer.
[[nodiscard]] boost::asio::ssl::context ClientTlsContext();

}  // namespace ombudsflow
