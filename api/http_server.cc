#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

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
  Response response = ProblemResponse(MakeProblem(status, code, std::move(message)), format, version, false);
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

// Requests that two HTTP implementations could read differently (request
// smuggling) or that name two callers: refused, whatever they ask.
std::optional<std::string> AmbiguousFraming(const Request& request) {
  if (request.count(http::field::transfer_encoding) > 0) {
    if (request.count(http::field::content_length) > 0) {
      return "a request may not carry both Transfer-Encoding and Content-Length";
    }
    if (request.count(http::field::transfer_encoding) > 1 ||
        !beast::iequals(request[http::field::transfer_encoding], "chunked")) {
      return "the only Transfer-Encoding this server accepts is chunked";
    }
  }
  if (request.count(http::field::content_length) > 1) return "a request may carry one Content-Length";
  if (request.count(http::field::authorization) > 1) return "a request may carry one Authorization header";
  if (request.version() >= 11 && request.count(http::field::host) != 1) {
    return "an HTTP/1.1 request needs exactly one Host header";
  }
  return std::nullopt;
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

std::size_t HttpServer::ConnectionCap(std::size_t wanted, std::size_t reserve) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  const auto available = static_cast<std::size_t>(limit.rlim_cur);
  return std::min(wanted, available > 2 * reserve ? available - reserve : available / 2);
}

void HttpServer::LogRarely(std::chrono::steady_clock::time_point& last, std::size_t& suppressed,
                           const std::string& what) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last < std::chrono::seconds(10)) {
    ++suppressed;
    return;
  }
  if (suppressed > 0) {
    spdlog::warn("{} (and {} more times in the last interval)", what, suppressed);
  } else {
    spdlog::warn("{}", what);
  }
  last = now;
  suppressed = 0;
}

void HttpServer::Drain(std::chrono::milliseconds deadline, std::function<void()> drained) {
  draining_ = true;
  Stop();
  {
    // Connections waiting for a request are closed; those with a request in
    // flight finish it. Each is touched on its own strand.
    std::lock_guard lock(sessions_mutex_);
    for (const auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) {
        net::post(session->stream.get_executor(), [session] {
          if (!session->waiting) return;
          beast::error_code ignored;
          session->stream.socket().cancel(ignored);
        });
      }
    }
  }
  auto timer = std::make_shared<net::steady_timer>(io_);
  WaitUntilDrained(timer, std::chrono::steady_clock::now() + deadline, std::move(drained));
}

void HttpServer::CloseAll() {
  Stop();
  std::lock_guard lock(sessions_mutex_);
  for (const auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) {
      net::post(session->stream.get_executor(), [session] {
        beast::error_code ignored;
        session->stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        session->stream.socket().close(ignored);
      });
    }
  }
}

void HttpServer::WaitUntilDrained(std::shared_ptr<net::steady_timer> timer,
                                  std::chrono::steady_clock::time_point until, std::function<void()> drained) {
  const std::size_t open = open_connections_.load();
  if (open == 0 || std::chrono::steady_clock::now() >= until) {
    if (open > 0) spdlog::warn("drain deadline passed with {} connections still open", open);
    drained();
    return;
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait([this, timer, until, drained = std::move(drained)](const beast::error_code&) mutable {
    WaitUntilDrained(timer, until, std::move(drained));
  });
}

std::optional<std::uint64_t> HttpServer::Register(const std::shared_ptr<Session>& session, bool exempt) {
  std::lock_guard lock(sessions_mutex_);
  std::size_t& from_address = per_address_[session->peer];
  if (!exempt && options_.max_connections_per_address > 0 && from_address >= options_.max_connections_per_address) {
    return std::nullopt;
  }
  ++from_address;
  const std::uint64_t id = next_session_id_++;
  sessions_.emplace(id, session);
  return id;
}

void HttpServer::Unregister(std::uint64_t id, const std::string& peer) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(id);
  if (auto found = per_address_.find(peer); found != per_address_.end() && --found->second == 0) {
    per_address_.erase(found);
  }
}

std::size_t HttpServer::CloseIdle(std::size_t count) {
  // A connection that has not sent its first request yet gets a moment to
  // send it; one idling between requests none.
  constexpr auto kFirstRequestGrace = std::chrono::milliseconds(500);
  const auto now = std::chrono::steady_clock::now();
  struct Candidate {
    std::shared_ptr<Session> session;
    std::size_t from_address;
    std::chrono::steady_clock::rep since;
  };
  std::vector<Candidate> candidates;
  {
    std::lock_guard lock(sessions_mutex_);
    for (const auto& [id, weak] : sessions_) {
      auto session = weak.lock();
      if (!session || !session->waiting.load() || session->closing.load()) continue;
      const auto since = session->waiting_since.load();
      if (!session->answered.load() &&
          now - std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(since)) < kFirstRequestGrace) {
        continue;
      }
      const std::size_t from_address = per_address_[session->peer];
      candidates.push_back({std::move(session), from_address, since});
    }
  }
  count = std::min(count, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count), candidates.end(),
                    [](const Candidate& a, const Candidate& b) {
                      return a.from_address != b.from_address ? a.from_address > b.from_address : a.since < b.since;
                    });
  for (std::size_t i = 0; i < count; ++i) {
    auto session = std::move(candidates[i].session);
    session->closing = true;
    ++closing_connections_;
    net::post(session->stream.get_executor(), [this, session] {
      // It may have begun a request meanwhile: then it stays.
      if (!session->waiting.load()) {
        session->closing = false;
        --closing_connections_;
        return;
      }
      beast::error_code ignored;
      session->stream.socket().cancel(ignored);
    });
  }
  return count;
}

std::size_t HttpServer::ConnectionsToClose() {
  // Within a sixteenth of the cap, idle connections make room, so a new
  // client is taken in at once rather than wait for an idle one's timeout.
  const std::size_t headroom = std::max<std::size_t>(1, options_.max_connections / 16);
  const std::size_t pressure = options_.max_connections > headroom ? options_.max_connections - headroom : 1;
  const std::size_t open = open_connections_.load();
  const std::size_t closing = closing_connections_.load();
  const std::size_t staying = open > closing ? open - closing : 0;
  return staying >= pressure ? staying - pressure + 1 : 0;
}

net::awaitable<void> HttpServer::Accept() {
  net::steady_timer pause(acceptor_.get_executor());
  auto backoff = std::chrono::milliseconds(10);
  for (;;) {
    if (const std::size_t excess = ConnectionsToClose(); excess > 0) {
      if (const std::size_t closed = CloseIdle(excess); closed > 0) {
        LogRarely(last_idle_log_, suppressed_idle_logs_,
                  "near the connection cap of " + std::to_string(options_.max_connections) + ": closed " +
                      std::to_string(closed) + " idle connections to make room");
      }
    }
    // At the cap, leave new connections in the backlog until one closes,
    // rather than spend descriptors the process needs.
    while (open_connections_.load() >= options_.max_connections && acceptor_.is_open()) {
      LogRarely(last_cap_log_, suppressed_cap_logs_,
                "connection cap of " + std::to_string(options_.max_connections) + " reached; new connections wait");
      CloseIdle(ConnectionsToClose());
      pause.expires_after(std::chrono::milliseconds(10));
      beast::error_code ignored;
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ignored));
    }
    beast::error_code ec;
    auto socket = co_await acceptor_.async_accept(net::make_strand(io_),
                                                  net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: keep serving the open sessions,
      // and wait before trying again instead of spinning (and logging) at
      // full speed.
      LogRarely(last_accept_log_, suppressed_accept_logs_, "accept: " + ec.message());
      pause.expires_after(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
      beast::error_code ignored;
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ignored));
      continue;
    }
    backoff = std::chrono::milliseconds(10);
    const auto remote = socket.remote_endpoint(ec);
    if (ec) continue;  // gone already; the socket closes here
    const net::ip::address address = Unmapped(remote.address());
    auto session = std::make_shared<Session>(std::move(socket), address.to_string());
    const auto session_id = Register(session, options_.connection_limit_exempt.Contains(address));
    if (!session_id) {
      // One address may not take every connection: this one is closed
      // unread, and the acceptor goes on at once.
      LogRarely(last_address_log_, suppressed_address_logs_,
                "an address reached its limit of " + std::to_string(options_.max_connections_per_address) +
                    " connections; its further connections are closed");
      session->stream.socket().close(ec);
      continue;
    }
    ++open_connections_;
    auto executor = session->stream.get_executor();
    net::co_spawn(executor, Serve(std::move(session), *session_id), net::detached);
  }
}

net::awaitable<void> HttpServer::Serve(std::shared_ptr<Session> session, std::uint64_t session_id) {
  struct Count {
    HttpServer& server;
    Session& session;
    ~Count() {
      if (session.closing.load()) --server.closing_connections_;
      --server.open_connections_;
    }
  } count{*this, *session};
  struct Unregister {
    HttpServer& server;
    std::uint64_t id;
    const std::string& peer;
    ~Unregister() { server.Unregister(id, peer); }
  } unregister{*this, session_id, session->peer};
  beast::tcp_stream& stream = session->stream;
  beast::flat_buffer buffer;
  beast::error_code ec;
  // The peer's address, for limits on anonymous requests and sign-ins.
  const std::string& peer = session->peer;
  ec = {};
  for (bool first = true;; first = false) {
    // Draining: no new request on this connection.
    if (draining_) break;
    http::request_parser<http::string_body> parser;
    parser.body_limit(options_.body_limit);
    parser.header_limit(options_.header_limit);
    // Waiting for the next keep-alive request may take longer than reading one.
    stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
    // Headers first, so framing that proxies could read differently is
    // refused before any body is read.
    session->waiting_since = std::chrono::steady_clock::now().time_since_epoch().count();
    session->waiting = true;  // a drain, or a server near its cap, may close the connection now
    co_await http::async_read_header(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    session->waiting = false;
    std::optional<std::string> ambiguous;
    if (!ec) ambiguous = AmbiguousFraming(parser.get());
    if (!ec && !ambiguous && !parser.is_done()) {
      co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      break;
    }
    std::optional<Response> refused;
    if (ambiguous) {
      refused = RefusedRequest(parser, http::status::bad_request, *ambiguous);
    } else if (ec == http::error::body_limit) {
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
        [this, &request, &peer]() -> net::awaitable<Response> { co_return api_.Handle(request, peer); },
        net::use_awaitable);
    // A request taken in before a drain is answered, and says the
    // connection ends.
    if (draining_) response.keep_alive(false);
    const bool keep_alive = response.keep_alive();
    stream.expires_after(options_.write_timeout);
    co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    session->answered = true;
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace ombudsflow::api
