#include "tests/support/http_client.h"

#include <array>
#include <functional>

#include "engine/core/base/text.h"

namespace ombudsflow::testing {

using namespace ombudsflow::api;

Response SendHttp(unsigned short port, http::verb method, const std::string& target,
                  const std::string& body, const std::map<std::string, std::string>& headers) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  Request request{method, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));  // as a browser sends it
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  // A server may answer and stop reading early (413): still read its answer.
  beast::error_code write_error;
  http::write(stream, request, write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  beast::error_code ignored;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  return parser.release();
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += PercentEncoded(name, false) + "=" + PercentEncoded(value, false);
  }
  return body;
}

std::string SendRaw(unsigned short port, const std::string& bytes, std::chrono::milliseconds wait) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.expires_after(wait);
  beast::error_code ec;
  net::write(stream, net::buffer(bytes), ec);
  std::string received;
  if (ec) return received;
  // Asynchronous reads, so the stream's deadline ends a wait the server
  // never answers (synchronous ones ignore it).
  std::array<char, 4096> chunk;
  std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code error, std::size_t n) {
    received.append(chunk.data(), n);
    if (!error) stream.async_read_some(net::buffer(chunk), on_read);
  };
  stream.async_read_some(net::buffer(chunk), on_read);
  io.run();
  return received;
}

}  // namespace ombudsflow::testing
