#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ombudsflow::api {
namespace {

// The answer to a request the parser refused before it reached the API.
template <class Parser>
Response RefusedRequest(const Parser& parser, http::status status, std::string message) {
  Format format = Format::kJson;
  unsigned version = 11;
  if (parser.is_header_done()) {
    format = ResponseFormat(parser.get()[http::field::accept]).value_or(Format::kJson);
    version = parser.get().version();
  }
  const ErrorCode code = status == http::status::payload_too_large ? ErrorCode::kResourceExhausted
                         : status == http::status::service_unavailable ? ErrorCode::kUnavailable
                                                                        : ErrorCode::kInvalidArgument;
  // The rest of the request is unread: the connection cannot be reused.
  Response response = ProblemResponse(MakeProblem(status, code, std::move(message)), format, version, false);
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

// Whether the client waits for a 100 (Continue) before it sends its body.
template <class Body>
bool ExpectsContinue(const http::request<Body>& request) {
  return request.version() >= 11 && beast::iequals(request[http::field::expect], "100-continue");
}

// Socket errors that end a session without an answer.
bool ConnectionEnded(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::connection_reset ||
         ec == net::error::eof;
}

bool IsHttpError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

// Requests that two HTTP implementations could read differently (request
// smuggling) or that name two callers: refused, whatever they ask.
template <class Body>
std::optional<std::string> AmbiguousFraming(const http::request<Body>& request) {
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

struct HttpServer::Upload {
  std::optional<service::SpoolFile> file;
  std::optional<Response> refused;
};

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
  // Between requests a connection holds this frame alone: the buffer's
  // storage is given back, and a request's parsers, messages and serializer
  // live in ServeOne's frame, made when its first bytes arrive. So an idle
  // keep-alive connection costs little memory.
  std::array<char, 512> arrived;
  for (bool first = true;; first = false) {
    // Draining: no new request on this connection.
    if (draining_) break;
    if (buffer.size() == 0) {
      buffer.shrink_to_fit();
      // Waiting for the next keep-alive request may take longer than reading one.
      stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
      session->waiting_since = std::chrono::steady_clock::now().time_since_epoch().count();
      session->waiting = true;  // a drain, or a server near its cap, may close the connection now
      const std::size_t got =
          co_await stream.async_read_some(net::buffer(arrived), net::redirect_error(net::use_awaitable, ec));
      session->waiting = false;
      if (ec) break;
      buffer.commit(net::buffer_copy(buffer.prepare(got), net::buffer(arrived.data(), got)));
    }
    const Next next = co_await ServeOne(*session, buffer);
    if (next == Next::kClosed) co_return;
    if (next == Next::kEnd) break;
  }
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

net::awaitable<HttpServer::Next> HttpServer::ServeOne(Session& session, beast::flat_buffer& buffer) {
  beast::tcp_stream& stream = session.stream;
  beast::error_code ec;
  // The peer's address, for limits on anonymous requests and sign-ins.
  const std::string& peer = session.peer;
  {
    // Headers first, alone: framing that proxies could read differently is
    // refused, and the route chosen (an upload's body goes to a file, any
    // other's to memory), before any body is read.
    http::request_parser<http::empty_body> header;
    header.header_limit(options_.header_limit);
    // Each route's own limit is checked below (Beast 1.74 cannot switch
    // its limit off: boost::none counts as zero).
    header.body_limit(std::numeric_limits<std::uint64_t>::max());
    // Once its first bytes came, the rest of the request's head has the read timeout.
    stream.expires_after(options_.read_timeout);
    co_await http::async_read_header(stream, buffer, header, net::redirect_error(net::use_awaitable, ec));
    if (ConnectionEnded(ec)) co_return Next::kEnd;
    if (ec == http::error::header_limit) {
      co_await AnswerAndClose(stream, RefusedRequest(header, http::status::request_header_fields_too_large,
                                                     "the request headers are too large"));
      co_return Next::kClosed;
    }
    if (ec) {
      // Socket errors end the session; only HTTP syntax errors get an answer.
      if (!IsHttpError(ec)) co_return Next::kEnd;
      co_await AnswerAndClose(stream, RefusedRequest(header, http::status::bad_request,
                                                     "the request is not valid HTTP/1.1: " + ec.message()));
      co_return Next::kClosed;
    }
    if (auto ambiguous = AmbiguousFraming(header.get())) {
      co_await AnswerAndClose(stream, RefusedRequest(header, http::status::bad_request, *ambiguous));
      co_return Next::kClosed;
    }
    Request head;
    head.base() = header.get().base();
    const bool upload = api_.IsUpload(head);
    const std::uint64_t limit = upload ? options_.upload_body_limit : options_.body_limit;
    if (header.content_length() && *header.content_length() > limit) {
      co_await AnswerAndClose(stream, RefusedRequest(header, http::status::payload_too_large,
                                                     "the body is larger than " + std::to_string(limit) + " bytes"));
      co_return Next::kClosed;
    }

    Request request;
    BodyFiles files;
    std::optional<service::SpoolFile> upload_file;
    if (upload) {
      // An upload's body is read only for a caller its route admits: a
      // stranger cannot fill the spool. Authenticating blocks: a worker's.
      const bool admitted = co_await net::co_spawn(
          workers_, [this, &head, &peer]() -> net::awaitable<bool> { co_return api_.AdmitsUpload(head, peer); },
          net::use_awaitable);
      if (!admitted) {
        Response refused = co_await net::co_spawn(
            workers_, [this, &head, &peer]() -> net::awaitable<Response> { co_return api_.Handle(head, peer); },
            net::use_awaitable);
        refused.keep_alive(false);
        co_await AnswerAndClose(stream, std::move(refused));
        co_return Next::kClosed;
      }
      if (ExpectsContinue(header.get())) {
        co_await SendContinue(stream, header.get().version(), ec);
        if (ec) co_return Next::kEnd;
      }
      // Spools at once at most max_uploads; beyond, come back shortly.
      if (uploads_in_flight_.fetch_add(1) >= options_.max_uploads) {
        --uploads_in_flight_;
        Response busy = RefusedRequest(header, http::status::service_unavailable,
                                       "too many uploads at once: try again in a moment");
        busy.set(http::field::retry_after, "5");
        co_await AnswerAndClose(stream, std::move(busy));
        co_return Next::kClosed;
      }
      struct InFlight {
        std::atomic<std::size_t>& count;
        ~InFlight() { --count; }
      } in_flight{uploads_in_flight_};
      Upload read = co_await ReadUpload(stream, buffer, header);
      if (read.refused) {
        co_await AnswerAndClose(stream, std::move(*read.refused));
        co_return Next::kClosed;
      }
      if (!read.file) co_return Next::kEnd;
      upload_file = std::move(read.file);
      files.upload = &*upload_file;
      request = std::move(head);
    } else {
      http::request_parser<http::string_body> parser(std::move(header));
      parser.body_limit(options_.body_limit);  // a chunked body is counted as it comes
      if (!parser.is_done()) {
        if (ExpectsContinue(parser.get())) {
          co_await SendContinue(stream, parser.get().version(), ec);
          if (ec) co_return Next::kEnd;
          stream.expires_after(options_.read_timeout);
        }
        co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
      }
      if (ConnectionEnded(ec)) co_return Next::kEnd;
      if (ec == http::error::body_limit) {
        co_await AnswerAndClose(stream, RefusedRequest(parser, http::status::payload_too_large,
                                                       "the body is larger than " +
                                                           std::to_string(options_.body_limit) + " bytes"));
        co_return Next::kClosed;
      }
      if (ec) {
        if (!IsHttpError(ec)) co_return Next::kEnd;
        co_await AnswerAndClose(stream, RefusedRequest(parser, http::status::bad_request,
                                                       "the request is not valid HTTP/1.1: " + ec.message()));
        co_return Next::kClosed;
      }
      request = parser.release();
      // A chunked body's trailers join the headers once it is read: a
      // second Authorization or Content-Length there is refused too.
      if (auto ambiguous = AmbiguousFraming(request)) {
        co_await AnswerAndClose(stream, RefusedRequest(parser, http::status::bad_request, *ambiguous));
        co_return Next::kClosed;
      }
    }

    // What needs no database is answered here; the rest on a worker, which
    // may block.
    // (No co_await inside a conditional expression: GCC 12 miscompiles it.)
    std::optional<Response> from_memory;
    if (!upload) from_memory = api_.HandleFromMemory(request, peer);
    Response response;
    if (from_memory) {
      response = std::move(*from_memory);
    } else {
      response = co_await net::co_spawn(
          workers_,
          [this, &request, &peer, &files]() -> net::awaitable<Response> {
            co_return api_.Handle(request, peer, &files);
          },
          net::use_awaitable);
    }
    upload_file.reset();  // the upload's spool is gone once it is answered
    // A request taken in before a drain is answered, and says the
    // connection ends.
    if (draining_) response.keep_alive(false);
    const bool keep_alive = response.keep_alive();
    if (files.download) {
      // A file's body goes from its spool as the client takes it, each
      // piece within the write timeout.
      http::response<http::file_body> out;
      out.base() = response.base();
      beast::file file;
      file.native_handle(files.download->Release());
      out.body().reset(std::move(file), ec);
      if (ec) co_return Next::kEnd;
      out.prepare_payload();
      out.keep_alive(keep_alive);
      http::response_serializer<http::file_body> serializer(out);
      while (!ec && !serializer.is_done()) {
        stream.expires_after(options_.write_timeout);
        co_await http::async_write_some(stream, serializer, net::redirect_error(net::use_awaitable, ec));
      }
    } else {
      stream.expires_after(options_.write_timeout);
      co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    }
    session.answered = true;
    if (ec || !keep_alive) co_return Next::kEnd;
  }
  co_return Next::kRequest;
}

net::awaitable<void> HttpServer::SendContinue(beast::tcp_stream& stream, unsigned version, beast::error_code& ec) {
  http::response<http::empty_body> go_on{http::status::continue_, version};
  stream.expires_after(options_.write_timeout);
  co_await http::async_write(stream, go_on, net::redirect_error(net::use_awaitable, ec));
}

net::awaitable<void> HttpServer::AnswerAndClose(beast::tcp_stream& stream, Response response) {
  beast::error_code ec;
  response.keep_alive(false);
  stream.expires_after(options_.write_timeout);
  co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
  // Closing with the client's unread body in our receive buffer would
  // reset the connection and could destroy the answer before the client
  // reads it; discard what is still arriving, briefly, first.
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16 * 1024> sink;
  for (std::size_t discarded = 0; !ec && discarded < 8 * options_.body_limit;) {
    discarded += co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
  }
}

net::awaitable<HttpServer::Upload> HttpServer::ReadUpload(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                          http::request_parser<http::empty_body>& header) {
  Upload upload;
  auto spool = service::SpoolFile::Create(options_.spool_directory);
  if (!spool) {
    spdlog::error("an upload cannot be received: {}", spool.error().message);
    upload.refused = RefusedRequest(header, http::status::service_unavailable, "uploads cannot be received now");
    co_return upload;
  }
  http::request_parser<http::buffer_body> parser(std::move(header));
  parser.body_limit(options_.upload_body_limit);
  std::vector<char> chunk(64 * 1024);
  const auto deadline = std::chrono::steady_clock::now() + options_.upload_timeout;
  beast::error_code ec;
  while (!parser.is_done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      upload.refused = RefusedRequest(parser, http::status::request_timeout,
                                      "the upload took longer than " +
                                          std::to_string(options_.upload_timeout.count()) + " s");
      co_return upload;
    }
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    stream.expires_after(std::min<std::chrono::steady_clock::duration>(options_.upload_idle_timeout, deadline - now));
    // Whatever has arrived, not a full chunk: the idle timeout is the
    // longest silence, not a minimum speed.
    co_await http::async_read_some(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    if (ec == http::error::need_buffer) ec = {};
    if (ec == http::error::body_limit) {
      upload.refused = RefusedRequest(parser, http::status::payload_too_large,
                                      "the upload is larger than " + std::to_string(options_.upload_body_limit) +
                                          " bytes");
      co_return upload;
    }
    if (ec) {
      // A stalled upload's socket is closed by its timer: nothing to answer on.
      if (IsHttpError(ec)) {
        upload.refused = RefusedRequest(parser, http::status::bad_request,
                                        "the request is not valid HTTP/1.1: " + ec.message());
      }
      co_return upload;
    }
    const std::size_t got = chunk.size() - parser.get().body().size;
    if (auto appended = spool->Append(std::string_view(chunk.data(), got)); !appended) {
      spdlog::error("an upload cannot be received: {}", appended.error().message);
      upload.refused = RefusedRequest(parser, http::status::service_unavailable, "uploads cannot be received now");
      co_return upload;
    }
  }
  upload.file = std::move(*spool);
  co_return upload;
}

}  // namespace ombudsflow::api
