#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/http_types.h"

namespace ombudsflow::testing {

/// One request over a fresh loopback connection, the way any HTTP client
/// would send it; returns the response as received.
[[nodiscard]] HttpResponse SendHttp(unsigned short port, http::verb method,
                                     const std::string& target, const std::string& body = {},
                                     const std::map<std::string, std::string>& headers = {});

/// `fields` as a browser posts a form (application/x-www-form-urlencoded).
[[nodiscard]] std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields);

/// Writes `bytes` as they are to a fresh loopback connection and returns
/// everything the server sends back before it closes (or `wait` passes):
/// for requests no HTTP client library would send.
[[nodiscard]] std::string SendRaw(unsigned short port, const std::string& bytes,
                                  std::chrono::milliseconds wait = std::chrono::seconds(5));

}  // namespace ombudsflow::testing
