#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "api/http_api.h"
#include "api/server/serve_config.h"
#include "engine/core/base/error.h"
#include "engine/net/beast.h"

namespace ombudsflow::server {

/// The whole server: every store, service, route, listener and background
/// job `serve` runs, built from one ServeConfig. The order things start and
/// stop in is written down once, here:
///
///   Build   reads the definitions, templates and texts, connects both
///           pools, checks the schema, wires every service and route and
///           binds the listeners; anything missing stops it with nothing
///           started.
///   Start   starts the background jobs, then the listeners, then the I/O
///           threads.
///   Drain   stops accepting; requests in flight finish and are answered
///           (at most --drain-timeout-ms); then the I/O threads end.
///   Wait    waits for that, then stops the jobs that change cases (timers,
///           retention, tallies, letters), then the request workers, then
///           the audit anchor (it has seen every change), and last the
///           webhook deliveries (they have been woken for every notice).
///
/// Destroying a started server drains it at once and waits.
class Server {
 public:
  [[nodiscard]] static std::expected<std::unique_ptr<Server>, Error> Build(const ServeConfig& config);

  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void Start();
  /// Thread-safe; returns at once.
  void Drain();
  /// Drains on SIGINT or SIGTERM (call before Start); `draining`, if set,
  /// is told first (on the I/O thread).
  void DrainOnSignals(std::function<void()> draining = {});
  /// Until drained, then stops everything else in order. Idempotent.
  void Wait();

  [[nodiscard]] net::ip::tcp::endpoint local_endpoint() const;
  [[nodiscard]] std::optional<net::ip::tcp::endpoint> metrics_endpoint() const;
  [[nodiscard]] std::vector<api::ServedRoute> Routes() const;

 private:
  struct Parts;
  explicit Server(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  std::vector<std::thread> io_threads_;
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<bool> draining_{false};
};

}  // namespace ombudsflow::server
