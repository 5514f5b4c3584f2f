#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/store/database.h"
#include "engine/store/migrator.h"

namespace ombudsflow::cli {

int RunMigrate(const std::vector<std::string>& args) {
  po::options_description options("migrate options");
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("migrations", po::value<std::string>()->default_value(OMBUDSFLOW_SQL_DIR),
       "folder of NNNN_*.sql migrations");
  po::variables_map values;
  if (auto done = ParseArgs(args, options, nullptr,
                            "usage: ombudsflow migrate --db CONNINFO [--migrations DIR]", values)) {
    return *done;
  }
  auto conninfo = DatabaseConninfo(values);
  if (!conninfo) return kExitUsage;
  auto migrations = store::ReadMigrations(values["migrations"].as<std::string>());
  if (!migrations) {
    PrintError(migrations.error().message);
    return kExitFailure;
  }
  // The releases say which running servers a contract migration may not run under.
  auto releases = store::ReadReleases(values["migrations"].as<std::string>());
  if (!releases) {
    PrintError(releases.error().message);
    return kExitFailure;
  }
  auto database = store::Database::Connect({.conninfo = *conninfo, .pool_size = 1});
  if (!database) {
    PrintError(database.error().message);
    return kExitFailure;
  }
  auto report = store::ApplyMigrations(**database, *migrations, *releases);
  if (!report) {
    PrintError(report.error().message);
    return kExitFailure;
  }
  for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
  std::cout << report->applied.size() << " applied, " << report->already_applied.size()
            << " already applied" << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
