#include "engine/net/http_fetch.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "engine/core/webhooks/webhook_url.h"

namespace ombudsflow {
namespace {

namespace ssl = net::ssl;
using tcp = net::ip::tcp;

Error Unreachable(const std::string& url, const std::string& why) {
  return Unavailable("cannot fetch " + url + ": " + why);
}

template <class Stream>
net::awaitable<Result<FetchResponse>> Exchange(Stream& stream, const FetchRequest& request, const WebhookUrl& url) {
  HttpRequest message(request.method, url.target, 11);
  const bool default_port = url.port == (url.tls ? 443 : 80);
  const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  message.set(http::field::host, default_port ? host : host + ":" + std::to_string(url.port));
  message.set(http::field::user_agent, "ombudsflow/1");
  message.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  if (!request.body.empty() || request.method == http::verb::post) {
    message.body() = request.body;
    message.prepare_payload();
  }
  beast::error_code ec;
  co_await http::async_write(stream, message, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::unexpected(Unreachable(request.url, "sending failed: " + ec.message()));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(request.max_body);
  co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::unexpected(Unreachable(request.url, "no answer: " + ec.message()));
  co_return FetchResponse{static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
}

net::awaitable<Result<FetchResponse>> FetchAsync(const FetchRequest& request, ssl::context& tls) {
  std::string why;
  auto url = ParseWebhookUrl(request.url, &why);
  if (!url) co_return std::unexpected(Unreachable(request.url, why));
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::error_code ec;
  auto results = co_await resolver.async_resolve(url->host, std::to_string(url->port),
                                                 net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::unexpected(Unreachable(request.url, "cannot resolve " + url->host + ": " + ec.message()));
  if (!url->tls) {
    // Unencrypted only where nothing can listen in between.
    for (const auto& entry : results) {
      if (!entry.endpoint().address().is_loopback()) {
        co_return std::unexpected(Unreachable(request.url, "plain http is allowed to loopback addresses only"));
      }
    }
  }
  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_after(request.timeout);
  co_await tcp_stream.async_connect(results, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::unexpected(Unreachable(request.url, "cannot connect: " + ec.message()));
  if (!url->tls) co_return co_await Exchange(tcp_stream, request, *url);

  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), tls);
  // SNI, and the certificate must name the host we meant to reach.
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(url->host.c_str())) != 1) {
    co_return std::unexpected(Unreachable(request.url, "cannot set the TLS server name"));
  }
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(ssl::host_name_verification(url->host));
  co_await stream.async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::unexpected(Unreachable(request.url, "TLS handshake failed: " + ec.message()));
  co_return co_await Exchange(stream, request, *url);
}

}  // namespace

Result<FetchResponse> Fetch(const FetchRequest& request, ssl::context& tls) {
  net::io_context io;
  Result<FetchResponse> result = std::unexpected(Unreachable(request.url, "not attempted"));
  net::co_spawn(io, FetchAsync(request, tls), [&](std::exception_ptr failure, Result<FetchResponse> answer) {
    if (failure) {
      result = std::unexpected(Unreachable(request.url, "the exchange failed"));
    } else {
      result = std::move(answer);
    }
  });
  io.run();
  return result;
}

ssl::context ClientTlsContext() {
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  return tls;
}

}  // namespace ombudsflow
