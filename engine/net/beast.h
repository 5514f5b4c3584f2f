#pragma once

// The one place that includes Asio and Beast. Boost 1.74's
// boost/asio/awaitable.hpp uses std::exchange without including <utility>,
// which GCC 12 in C++23 mode does not forgive.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ombudsflow::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

}  // namespace ombudsflow::api
