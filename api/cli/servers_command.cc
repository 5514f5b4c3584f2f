#include <iostream>

#include "api/cli/cli_common.h"
#include "api/server/release.h"
#include "engine/store/database.h"
#include "engine/store/running_servers_store.h"

namespace ombudsflow::cli {

// Who runs what against a database: during a rolling upgrade, which servers
// still run the old release (docs/operations.md, "Upgrades").
int RunServers(const std::vector<std::string>& args) {
  po::options_description options("servers options");
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)");
  po::variables_map values;
  if (auto done = ParseArgs(args, options, nullptr, "usage: ombudsflow servers --db CONNINFO", values)) {
    return *done;
  }
  auto conninfo = DatabaseConninfo(values);
  if (!conninfo) return kExitUsage;
  auto database = store::Database::Connect({.conninfo = *conninfo, .pool_size = 1});
  if (!database) {
    PrintError(database.error().message);
    return kExitFailure;
  }
  store::RunningServersStore store(**database);
  auto live = store.Live();
  if (!live) {
    PrintError(live.error().message);
    return kExitFailure;
  }
  std::cout << "host\tpid\trelease\tnewest migration\tlast heard\n";
  for (const store::RunningServer& server : *live) {
    std::cout << server.host << '\t' << server.pid << '\t' << server.release << '\t' << server.newest_migration
              << '\t' << server.seconds_since_seen << " s ago\n";
  }
  std::cout << live->size() << " running (heard within " << store::kServerSilenceAllowed.count()
            << " s); this ombudsflow is " << api::Release() << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
