#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "engine/core/base/error.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A server running against the database (sql/0052_running_servers.sql).
struct RunningServer {
  std::string id;
  std::string release;           // "v0.2.0", or git's description of a build between releases
  std::string newest_migration;  // the newest migration it was built with
  std::string host;
  int pid = 0;
  int seconds_since_seen = 0;  // read back only
};

/// How long a server that stopped saying it is alive still counts as running:
/// four of its 15 s heartbeats.
inline constexpr std::chrono::seconds kServerSilenceAllowed{60};

/// The servers that said they were alive within `kServerSilenceAllowed`,
/// by the database's clock. None when the table is not there yet (a
/// database the running_servers migration has not reached).
[[nodiscard]] std::vector<RunningServer> LiveServers(soci::session& session);

/// Each server's own row: announced as it starts and every 15 s, removed
/// as it stops. A server killed outright stops counting after
/// kServerSilenceAllowed; rows silent for a day are cleared.
class RunningServersStore {
 public:
  explicit RunningServersStore(Database& database) : database_(database) {}

  /// Inserts or refreshes `server`'s row.
  [[nodiscard]] Result<void> Announce(const RunningServer& server);
  [[nodiscard]] Result<void> Leave(const std::string& id);
  [[nodiscard]] Result<std::vector<RunningServer>> Live();

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
