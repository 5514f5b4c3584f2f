#pragma once

#include <map>
#include <string>

#include "api/beast.h"

namespace ombudsflow::testing {

/// One request over a fresh loopback connection, the way any HTTP client
/// would send it; returns the response as received.
[[nodiscard]] api::Response SendHttp(unsigned short port, api::http::verb method,
                                     const std::string& target, const std::string& body = {},
                                     const std::map<std::string, std::string>& headers = {});

}  // namespace ombudsflow::testing
