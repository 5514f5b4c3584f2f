#pragma once

// The one place that includes Asio and Beast, for the API's server and the
// jobs' webhook client alike. Boost 1.74's boost/asio/awaitable.hpp uses
// std::exchange without including <utility>, which GCC 12 in C++23 mode does
// not forgive.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ombudsflow {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

/// HTTP messages with their bodies in memory, as the server reads and
/// writes them and the webhook client sends them.
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

}  // namespace ombudsflow
