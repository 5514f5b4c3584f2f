#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/core/base/calendar.h"
#include "engine/service/retention_service.h"
#include "engine/service/system_clock.h"
#include "engine/store/retention_store.h"
#include "engine/store/transition_store.h"

namespace ombudsflow::cli {

int RunRetention(const std::vector<std::string>& args) {
  po::options_description options("retention options");
  options.add_options()
      ("help,h", "show this help")
      ("action", po::value<std::string>()->required(), "run")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("after-days", po::value<unsigned>()->required(),
       "pseudonymise cases closed (unchanged) for more than this many days")
      ("limit", po::value<unsigned>()->default_value(10'000), "at most this many cases in one run")
      ("workflows", po::value<std::string>()->default_value(OMBUDSFLOW_WORKFLOWS_DIR),
       "folder of workflow definitions (which states are closed)")
      ("time-zone", po::value<std::string>()->default_value("Europe/Copenhagen"), "the office's time zone");
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional,
                            "usage: ombudsflow retention run --db CONNINFO --after-days N [--limit N]\n\n"
                            "Removes the citizen's personal data from cases closed more than N days ago:\n"
                            "name (a pseudonym stays), contact data, subject, description, free texts,\n"
                            "letters, notices' contents and unpublished drafts. Statistics stay\n"
                            "(department, dates, outcomes, criticism) and the audit chain still verifies;\n"
                            "each case gets an audited 'pseudonymised' event. The server does the same\n"
                            "daily (serve --retention-days).",
                            values)) {
    return *done;
  }
  if (values["action"].as<std::string>() != "run") {
    PrintError("unknown retention action '" + values["action"].as<std::string>() + "': use run");
    return kExitUsage;
  }
  auto folder = LoadWorkflows(values);
  if (!folder) return folder.error();
  const RuleRegistry& rules = folder->rules;
  const WorkflowCatalog* catalog = &folder->catalog;
  const std::string time_zone = UseOfficeTimeZone(values);
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  store::TransitionStore cases(**database, time_zone);
  store::RetentionStore retention(**database);
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  const service::SystemClock clock;
  service::RetentionService service(cases, retention, *catalog, rules, calendar, clock,
                                    std::chrono::days(values["after-days"].as<unsigned>()));
  auto done = service.Run(static_cast<int>(std::min(values["limit"].as<unsigned>(), 1'000'000u)));
  if (!done) {
    PrintError(done.error());
    return kExitFailure;
  }
  std::cout << "pseudonymised " << *done << " closed case(s)" << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
