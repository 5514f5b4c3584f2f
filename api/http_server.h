#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

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
    std::uint32_t header_limit = 16 * 1024;
    std::chrono::seconds read_timeout{30};   // per request, headers and body
    std::chrono::seconds write_timeout{30};
    std::chrono::seconds idle_timeout{60};   // between keep-alive requests
    // Open connections at most; further ones wait in the kernel's backlog
    // until one closes. Kept below the process's descriptor limit (see
    // ConnectionCap), so the database pool and files always have some.
    std::size_t max_connections = 4096;
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

 private:
  // One connection: its stream, and whether it waits for a request (only
  // touched on the connection's strand).
  struct Session {
    explicit Session(net::ip::tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool waiting = false;
  };

  std::uint64_t Register(const std::shared_ptr<Session>& session);
  void Unregister(std::uint64_t id);
  void WaitUntilDrained(std::shared_ptr<net::steady_timer> timer, std::chrono::steady_clock::time_point until,
                        std::function<void()> drained);

  net::awaitable<void> Accept();
  net::awaitable<void> Serve(net::ip::tcp::socket socket);
  // Logs at most once per interval however often it is called; says how
  // many were not logged.
  void LogRarely(std::chrono::steady_clock::time_point& last, std::size_t& suppressed, const std::string& what);

  net::io_context& io_;
  net::thread_pool& workers_;
  const HttpApi& api_;
  Options options_;
  net::ip::tcp::acceptor acceptor_;
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<bool> draining_{false};
  std::mutex sessions_mutex_;
  std::map<std::uint64_t, std::weak_ptr<Session>> sessions_;
  std::uint64_t next_session_id_ = 0;
  std::chrono::steady_clock::time_point last_accept_log_{};
  std::size_t suppressed_accept_logs_ = 0;
  std::chrono::steady_clock::time_point last_cap_log_{};
  std::size_t suppressed_cap_logs_ = 0;
};

}  // namespace ombudsflow::api
