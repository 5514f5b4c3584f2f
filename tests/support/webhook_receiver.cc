#include "tests/support/webhook_receiver.h"

#include <stdexcept>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "engine/core/webhooks/webhook_signature.h"
#include "engine/net/beast.h"

namespace ombudsflow::testing {

using tcp = net::ip::tcp;

struct WebhookReceiver::Impl {
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::unique_ptr<net::ssl::context> tls;  // set for https
};

namespace {

using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

// `handle` by value: a coroutine's reference parameters dangle once it suspends.
template <class Stream>
net::awaitable<void> Exchange(Stream& stream, Handler handle) {
  beast::flat_buffer buffer;
  for (;;) {
    HttpRequest request;
    beast::error_code ec;
    co_await http::async_read(stream, buffer, request, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    HttpResponse response;
    handle(request, response);
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    if (ec || !request.keep_alive()) co_return;
  }
}

net::awaitable<void> Serve(tcp::socket socket, net::ssl::context* tls, Handler handle) {
  beast::tcp_stream stream(std::move(socket));
  if (tls == nullptr) {
    co_await Exchange(stream, std::move(handle));
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> secured(std::move(stream), *tls);
  beast::error_code ec;
  co_await secured.async_handshake(net::ssl::stream_base::server, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return;  // the client refused our certificate
  co_await Exchange(secured, std::move(handle));
}

}  // namespace

WebhookReceiver::WebhookReceiver(std::string secret, const TlsFiles& tls) : impl_(std::make_unique<Impl>()) {
  if (!tls.certificate_chain.empty()) {
    impl_->tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tls.certificate_chain);
    impl_->tls->use_private_key_file(tls.private_key, net::ssl::context::pem);
  }
  auto key = DecodeWebhookSecret(secret);
  if (!key) throw std::invalid_argument("not a whsec_ secret: " + secret);
  key_ = *key;
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  net::co_spawn(impl_->io, [this]() -> net::awaitable<void> {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await impl_->acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec) co_return;
      auto executor = socket.get_executor();
      net::co_spawn(executor, Serve(std::move(socket), impl_->tls.get(), [this](const HttpRequest& request, HttpResponse& response) {
        WaitAtLatch(++arrivals_);
        Received received;
        received.at = std::chrono::steady_clock::now();
        received.webhook_id = std::string(request["webhook-id"]);
        received.timestamp = std::string(request["webhook-timestamp"]);
        received.body = request.body();
        long long timestamp = 0;
        try {
          timestamp = std::stoll(received.timestamp);
        } catch (const std::exception&) {
        }
        received.signature_valid =
            VerifyWebhookSignature(key_, received.webhook_id, timestamp, received.body,
                                   request["webhook-signature"]);
        Reply reply = received.signature_valid ? NextReply() : Answer(401);
        if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
        response.result(static_cast<unsigned>(reply.status));
        for (const auto& [name, value] : reply.headers) response.set(name, value);
        received.answered = reply.status;
        Record(std::move(received));
      }), net::detached);
    }
  }, net::detached);
  // Several threads, so a delayed or held answer does not hold up the
  // others (a server sends at most batch x concurrency at once).
  thread_ = std::thread([this] {
    std::vector<std::thread> more;
    for (int i = 0; i < 15; ++i) more.emplace_back([this] { impl_->io.run(); });
    impl_->io.run();
    for (auto& thread : more) thread.join();
  });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  impl_->io.stop();
  thread_.join();
}

std::string WebhookReceiver::Url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/ombudsflow/notices";
}

std::string WebhookReceiver::HttpsUrl(const std::string& host) const {
  return "https://" + host + ":" + std::to_string(port_) + "/ombudsflow/notices";
}

void WebhookReceiver::HoldFrom(int answered_freely) {
  std::lock_guard lock(mutex_);
  hold_from_ = answered_freely;
}

void WebhookReceiver::Release() {
  {
    std::lock_guard lock(mutex_);
    hold_from_ = -1;
  }
  changed_.notify_all();
}

int WebhookReceiver::Held() const {
  std::lock_guard lock(mutex_);
  return held_;
}

bool WebhookReceiver::WaitUntilHeld(int count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return held_ >= count; });
}

void WebhookReceiver::WaitAtLatch(int arrival) {
  std::unique_lock lock(mutex_);
  if (hold_from_ < 0 || arrival <= hold_from_) return;
  ++held_;
  changed_.notify_all();
  changed_.wait(lock, [&] { return hold_from_ < 0 || stopping_; });
  --held_;
}

void WebhookReceiver::Script(std::vector<Reply> replies) {
  std::lock_guard lock(mutex_);
  script_.assign(replies.begin(), replies.end());
}

void WebhookReceiver::SetDefault(Reply reply) {
  std::lock_guard lock(mutex_);
  default_ = std::move(reply);
}

WebhookReceiver::Reply WebhookReceiver::NextReply() {
  std::lock_guard lock(mutex_);
  if (script_.empty()) return default_;
  Reply reply = script_.front();
  script_.pop_front();
  return reply;
}

void WebhookReceiver::Record(Received received) {
  {
    std::lock_guard lock(mutex_);
    if (received.answered >= 200 && received.answered < 300) {
      if (!processed_.insert(received.webhook_id).second) ++duplicates_;
    }
    received_.push_back(std::move(received));
  }
  changed_.notify_all();
}

std::vector<WebhookReceiver::Received> WebhookReceiver::Requests() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::set<std::string> WebhookReceiver::Processed() const {
  std::lock_guard lock(mutex_);
  return processed_;
}

int WebhookReceiver::Duplicates() const {
  std::lock_guard lock(mutex_);
  return duplicates_;
}

bool WebhookReceiver::WaitUntil(const std::function<bool(const std::vector<Received>&)>& done,
                                std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return done(received_); });
}

}  // namespace ombudsflow::testing
