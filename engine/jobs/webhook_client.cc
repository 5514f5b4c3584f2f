#include "engine/jobs/webhook_client.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

namespace ombudsflow::jobs {
namespace {

namespace ssl = net::ssl;
using tcp = net::ip::tcp;


HttpRequest BuildRequest(const WebhookPost& post) {
  HttpRequest request(http::verb::post, post.url.target, 11);
  const bool default_port = post.url.port == (post.url.tls ? 443 : 80);
  const std::string host = post.url.host.find(':') != std::string::npos ? "[" + post.url.host + "]"
                                                                         : post.url.host;
  request.set(http::field::host, default_port ? host : host + ":" + std::to_string(post.url.port));
  request.set(http::field::user_agent, "ombudsflow-webhooks/1");
  request.set(http::field::content_type, "application/json");
  request.set(http::field::connection, "close");
  request.set("webhook-id", post.webhook_id);
  request.set("webhook-timestamp", std::to_string(post.timestamp));
  request.set("webhook-signature", post.signature);
  request.body() = post.body;
  request.prepare_payload();
  return request;
}

template <class Stream>
net::awaitable<WebhookAnswer> Exchange(Stream& stream, const WebhookPost& post) {
  HttpRequest request = BuildRequest(post);
  beast::error_code write_error;
  co_await http::async_write(stream, request, net::redirect_error(net::use_awaitable, write_error));
  if (write_error) co_return WebhookAnswer{0, "sending failed: " + write_error.message(), {}};
  beast::flat_buffer buffer;
  // Only the status and headers matter; the body is neither read nor kept.
  http::response_parser<http::empty_body> parser;
  parser.skip(true);
  beast::error_code read_error;
  co_await http::async_read_header(stream, buffer, parser,
                                   net::redirect_error(net::use_awaitable, read_error));
  if (read_error) co_return WebhookAnswer{0, "no answer: " + read_error.message(), {}};
  WebhookAnswer answer;
  answer.status = static_cast<int>(parser.get().result_int());
  if (auto it = parser.get().find(http::field::retry_after); it != parser.get().end()) {
    answer.retry_after = std::string(it->value());
  }
  if (answer.status < 200 || answer.status >= 300) {
    answer.error = "the receiver answered " + std::to_string(answer.status);
  }
  co_return answer;
}

}  // namespace

net::awaitable<WebhookAnswer> PostWebhook(ssl::context& tls, const WebhookPost& post,
                                          const AddressPolicy& policy,
                                          std::chrono::milliseconds timeout) {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::error_code resolve_error;
  auto results = co_await resolver.async_resolve(post.url.host, std::to_string(post.url.port),
                                                 net::redirect_error(net::use_awaitable, resolve_error));
  if (resolve_error) {
    co_return WebhookAnswer{0, "cannot resolve " + post.url.host + ": " + resolve_error.message(), {}};
  }
  std::vector<tcp::endpoint> allowed;
  std::string refused;
  for (const auto& entry : results) {
    if (policy.Allows(entry.endpoint().address())) {
      allowed.push_back(entry.endpoint());
    } else {
      refused = std::string(Describe(ScopeOf(entry.endpoint().address())));
    }
  }
  // One forbidden address is enough to refuse: a name that mixes public and
  // internal addresses is an attack, not a configuration.
  if (!refused.empty() || allowed.empty()) {
    co_return WebhookAnswer{0, "refused: " + post.url.host + " resolves to " +
                                   (refused.empty() ? "no address" : refused) +
                                   ", which this deployment does not allow",
                            {}};
  }

  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_after(timeout);
  beast::error_code connect_error;
  co_await tcp_stream.async_connect(allowed, net::redirect_error(net::use_awaitable, connect_error));
  if (connect_error) co_return WebhookAnswer{0, "cannot connect: " + connect_error.message(), {}};

  if (!post.url.tls) {
    WebhookAnswer answer = co_await Exchange(tcp_stream, post);
    beast::error_code ignored;
    tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return answer;
  }

  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), tls);
  // SNI, and the certificate must name the host we meant to reach.
  // SSL_set_tlsext_host_name, without the macro's C cast.
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(post.url.host.c_str())) != 1) {
    co_return WebhookAnswer{0, "cannot set the TLS server name", {}};
  }
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(ssl::host_name_verification(post.url.host));
  beast::error_code handshake_error;
  co_await stream.async_handshake(ssl::stream_base::client,
                                  net::redirect_error(net::use_awaitable, handshake_error));
  if (handshake_error) co_return WebhookAnswer{0, "TLS handshake failed: " + handshake_error.message(), {}};
  WebhookAnswer answer = co_await Exchange(stream, post);
  beast::error_code shutdown_error;  // many servers just close; the answer is what counts
  co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, shutdown_error));
  co_return answer;
}

}  // namespace ombudsflow::jobs
