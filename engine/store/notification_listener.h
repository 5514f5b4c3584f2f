#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace ombudsflow::store {

/// Listens on one PostgreSQL NOTIFY channel on a connection of its own (libpq
/// directly: SOCI does not surface notifications), in a thread, reconnecting
/// after an outage.
class NotificationListener {
 public:
  struct Handlers {
    std::function<void(const std::string& payload)> notified;
    // True once LISTEN is in force, false whenever the connection is lost:
    // notifications sent meanwhile are missed, so a cache must not be
    // trusted while it is false.
    std::function<void(bool listening)> listening;
  };

  NotificationListener(std::string conninfo, std::string channel, Handlers handlers);
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

 private:
  void Run();

  std::string conninfo_;
  std::string channel_;
  Handlers handlers_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace ombudsflow::store
