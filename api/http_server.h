#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/address_set.h"
#include "api/http_api.h"
#include "api/http_types.h"

namespace ombudsflow::api {

/// The HTTP/1.1 server: sessions only read, hand the request to a worker and
/// write the answer. Request handling blocks on the database, so it runs on
/// `workers` (sized to the connection pool), never on the I/O threads.
class HttpServer {
 public:
  struct Options {
    net::ip::tcp::endpoint listen;
    std::size_t body_limit = 1024 * 1024;
    // An upload route's body (HttpApi::IsUpload): spooled to an unlinked
    // file in `spool_directory` as it arrives, never held in memory.
    std::uint64_t upload_body_limit = 26ull * 1024 * 1024;
    std::string spool_directory = "/tmp";
    // An upload waits at most this long for its next bytes, and takes at
    // most `upload_timeout` in all: a slow client cannot hold a
    // connection and a spool file for ever.
    std::chrono::seconds upload_idle_timeout{30};
    std::chrono::seconds upload_timeout{600};
    // Uploads spooled at once, over all connections; beyond, a 503 with
    // Retry-After (the spool is disk, and often memory).
    std::size_t max_uploads = 16;
    std::uint32_t header_limit = 16 * 1024;
    std::chrono::seconds read_timeout{30};   // per request, headers and body
    std::chrono::seconds write_timeout{30};
    std::chrono::seconds idle_timeout{60};   // between keep-alive requests
    // Open connections at most; further ones wait in the kernel's backlog
    // until one closes. Kept below the process's descriptor limit (see
    // ConnectionCap), so the database pool and files always have some.
    std::size_t max_connections = 4096;
    // Open connections one peer address may have (0: any number). Beyond
    // it, a new connection from that address is closed as soon as it is
    // accepted, before anything is read from it.
    std::size_t max_connections_per_address = 0;
    // Peers without that limit (a proxy in front speaks for many clients).
    AddressSet connection_limit_exempt = {};
  };

  /// `wanted`, lowered to leave `reserve` descriptors free below the soft
  /// RLIMIT_NOFILE (raised to the hard limit first, as far as allowed).
  [[nodiscard]] static std::size_t ConnectionCap(std::size_t wanted, std::size_t reserve = 256);

  /// Binds and listens on `options.listen` (port 0 picks a free port).
  /// Throws boost::system::system_error when the address cannot be bound.
  HttpServer(net::io_context& io, net::thread_pool& workers, const HttpApi& api,
             Options options);

  /// The address actually bound.
  [[nodiscard]] net::ip::tcp::endpoint local_endpoint() const;

  /// Connections open now.
  [[nodiscard]] std::size_t open_connections() const { return open_connections_.load(); }

  /// Starts accepting on `io`; returns at once.
  void Start();

  /// Stops accepting; open sessions end after their current request.
  void Stop();

  /// Graceful shutdown: stops accepting, closes connections waiting for a
  /// request, lets every request in flight be answered (with Connection:
  /// close), and calls `drained` (on the I/O context) once no connection is
  /// left or `deadline` has passed.
  void Drain(std::chrono::milliseconds deadline, std::function<void()> drained);

  /// Closes the listener and every connection still open (a drain whose
  /// deadline passed): posted to each connection's strand, so the sessions
  /// end once the I/O context runs them. Before the server is destroyed,
  /// run the context until open_connections() is 0: a session's frame
  /// refers to its server.
  void CloseAll();

 private:
  // One connection: its stream and peer address, and whether it waits for
  // a request, since when (set on the connection's strand, read by the
  // acceptor when it looks for idle ones to close).
  struct Session {
    Session(net::ip::tcp::socket socket, std::string peer_address)
        : stream(std::move(socket)), peer(std::move(peer_address)) {}
    beast::tcp_stream stream;
    const std::string peer;
    std::atomic<bool> waiting{false};
    std::atomic<std::chrono::steady_clock::rep> waiting_since{0};
    std::atomic<bool> closing{false};   // chosen to make room
    std::atomic<bool> answered{false};  // has had a response
  };

  // Registers `session`, or refuses it (nullopt) when its address already
  // has its limit of connections.
  std::optional<std::uint64_t> Register(const std::shared_ptr<Session>& session, bool exempt);
  void Unregister(std::uint64_t id, const std::string& peer);
  // Under pressure: closes up to `count` connections that wait for a
  // request, those of the address with the most connections first, and of
  // those the one waiting longest. Returns how many it chose.
  std::size_t CloseIdle(std::size_t count);
  // How many connections should close to keep room for new ones: those
  // above the pressure mark, a sixteenth of the cap below it.
  std::size_t ConnectionsToClose();
  void WaitUntilDrained(std::shared_ptr<net::steady_timer> timer, std::chrono::steady_clock::time_point until,
                        std::function<void()> drained);

  net::awaitable<void> Accept();
  net::awaitable<void> Serve(std::shared_ptr<Session> session, std::uint64_t session_id);
  // What follows one request: the next, the end of the connection (its
  // sending side shut), or nothing (it was answered and closed already).
  enum class Next { kRequest, kEnd, kClosed };
  // Reads one request, whose first bytes are in `buffer`, and answers it.
  net::awaitable<Next> ServeOne(Session& session, beast::flat_buffer& buffer);
  // Answers `response` and closes the connection, whose request body was
  // not read (after discarding what still arrives, briefly, so the client
  // reads the answer rather than a reset).
  net::awaitable<void> AnswerAndClose(beast::tcp_stream& stream, Response response);
  // Tells a client that waits (Expect: 100-continue) to send its body.
  net::awaitable<void> SendContinue(beast::tcp_stream& stream, unsigned version, beast::error_code& ec);
  // Reads an upload's body into a spool file, chunk by chunk, each within
  // the idle timeout and all within the upload timeout. The file, or the
  // refusal to answer (413, 408); nullopt for a connection that ended.
  struct Upload;
  net::awaitable<Upload> ReadUpload(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                    http::request_parser<http::empty_body>& header);
  // Logs at most once per interval however often it is called; says how
  // many were not logged.
  void LogRarely(std::chrono::steady_clock::time_point& last, std::size_t& suppressed, const std::string& what);

  net::io_context& io_;
  net::thread_pool& workers_;
  const HttpApi& api_;
  Options options_;
  net::ip::tcp::acceptor acceptor_;
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<std::size_t> closing_connections_{0};  // chosen to make room, not yet closed
  std::atomic<std::size_t> uploads_in_flight_{0};
  std::atomic<bool> draining_{false};
  std::mutex sessions_mutex_;
  std::map<std::uint64_t, std::weak_ptr<Session>> sessions_;
  std::unordered_map<std::string, std::size_t> per_address_;  // open connections by peer address
  std::uint64_t next_session_id_ = 0;
  std::chrono::steady_clock::time_point last_accept_log_{};
  std::size_t suppressed_accept_logs_ = 0;
  std::chrono::steady_clock::time_point last_cap_log_{};
  std::size_t suppressed_cap_logs_ = 0;
  std::chrono::steady_clock::time_point last_address_log_{};
  std::size_t suppressed_address_logs_ = 0;
  std::chrono::steady_clock::time_point last_idle_log_{};
  std::size_t suppressed_idle_logs_ = 0;
};

}  // namespace ombudsflow::api
