#include "engine/store/notification_listener.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

namespace ombudsflow::store {

NotificationListener::NotificationListener(std::string conninfo, std::string channel, Handlers handlers)
    : conninfo_(std::move(conninfo)), channel_(std::move(channel)), handlers_(std::move(handlers)) {
  thread_ = std::thread([this] { Run(); });
}

NotificationListener::~NotificationListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NotificationListener::Run() {
  bool reported_outage = false;
  while (!stop_) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(conninfo_.c_str()), &PQfinish);
    bool listening = false;
    if (PQstatus(connection.get()) == CONNECTION_OK) {
      const std::string listen = "LISTEN " + channel_;
      std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), listen.c_str()), &PQclear);
      listening = PQresultStatus(result.get()) == PGRES_COMMAND_OK;
    }
    if (!listening) {
      // Logged once per outage; the database's words may quote nothing personal,
      // but they are not needed either.
      if (!reported_outage) spdlog::warn("cannot listen for {}: retrying every second", channel_);
      reported_outage = true;
      for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    reported_outage = false;
    handlers_.listening(true);
    while (!stop_) {
      pollfd descriptor{PQsocket(connection.get()), POLLIN, 0};
      if (poll(&descriptor, 1, 200) < 0) break;
      if (PQconsumeInput(connection.get()) == 0) break;
      while (PGnotify* notification = PQnotifies(connection.get())) {
        handlers_.notified(notification->extra);
        PQfreemem(notification);
      }
      if (PQstatus(connection.get()) != CONNECTION_OK) break;
    }
    handlers_.listening(false);
  }
}

}  // namespace ombudsflow::store
