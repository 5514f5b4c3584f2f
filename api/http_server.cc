#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <array>

namespace ombudsflow::api {
namespace {

// The answer to a request the parser refused before it reached the API.
Response RefusedRequest(const http::request_parser<http::string_body>& parser,
                        http::status status, std::string message) {
  Format format = Format::kJson;
  unsigned version = 11;
  if (parser.is_header_done()) {
    format = ResponseFormat(parser.get()[http::field::accept]).value_or(Format::kJson);
    version = parser.get().version();
  }
  const ErrorCode code = status == http::status::payload_too_large
                             ? ErrorCode::kResourceExhausted
                             : ErrorCode::kInvalidArgument;
  // The rest of the request is unread: the connection cannot be reused.
  return ProblemResponse(MakeProblem(status, code, std::move(message)), format, version, false);
}

}  // namespace

HttpServer::HttpServer(net::io_context& io, net::thread_pool& workers, const HttpApi& api,
                       Options options)
    : io_(io), workers_(workers), api_(api), options_(std::move(options)), acceptor_(io) {
  acceptor_.open(options_.listen.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(options_.listen);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

net::ip::tcp::endpoint HttpServer::local_endpoint() const { return acceptor_.local_endpoint(); }

void HttpServer::Start() { net::co_spawn(acceptor_.get_executor(), Accept(), net::detached); }

void HttpServer::Stop() {
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
}

net::awaitable<void> HttpServer::Accept() {
  for (;;) {
    beast::error_code ec;
    auto socket = co_await acceptor_.async_accept(net::make_strand(io_),
                                                  net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: keep serving the open sessions.
      spdlog::warn("accept: {}", ec.message());
      continue;
    }
    auto executor = socket.get_executor();
    net::co_spawn(executor, Serve(std::move(socket)), net::detached);
  }
}

net::awaitable<void> HttpServer::Serve(net::ip::tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (bool first = true;; first = false) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options_.body_limit);
    parser.header_limit(options_.header_limit);
    // Waiting for the next keep-alive request may take longer than reading one.
    stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
    co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      break;
    }
    std::optional<Response> refused;
    if (ec == http::error::body_limit) {
      refused = RefusedRequest(parser, http::status::payload_too_large,
                               "the body is larger than " + std::to_string(options_.body_limit) +
                                   " bytes");
    } else if (ec == http::error::header_limit) {
      refused = RefusedRequest(parser, http::status::request_header_fields_too_large,
                               "the request headers are too large");
    } else if (ec) {
      // Socket errors end the session; only HTTP syntax errors get an answer.
      if (ec.category() != http::make_error_code(http::error::bad_target).category()) break;
      refused = RefusedRequest(parser, http::status::bad_request,
                               "the request is not valid HTTP/1.1: " + ec.message());
    }
    if (refused) {
      stream.expires_after(options_.write_timeout);
      co_await http::async_write(stream, *refused, net::redirect_error(net::use_awaitable, ec));
      // Closing with the client's unread body in our receive buffer would
      // reset the connection and could destroy the answer before the client
      // reads it; discard what is still arriving, briefly, first.
      stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
      stream.expires_after(std::chrono::seconds(2));
      std::array<char, 16 * 1024> sink;
      for (std::size_t discarded = 0; !ec && discarded < 8 * options_.body_limit;) {
        discarded += co_await stream.async_read_some(net::buffer(sink),
                                                     net::redirect_error(net::use_awaitable, ec));
      }
      co_return;
    }

    Request request = parser.release();
    Response response = co_await net::co_spawn(
        workers_,
        [this, &request]() -> net::awaitable<Response> { co_return api_.Handle(request); },
        net::use_awaitable);
    const bool keep_alive = response.keep_alive();
    stream.expires_after(options_.write_timeout);
    co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace ombudsflow::api
