#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/core/base/calendar.h"
#include "engine/service/system_clock.h"
#include "engine/service/transition_service.h"
#include "engine/service/workflow_files.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"
#include "engine/store/transition_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: ombudsflow workflows check DIR\n"
    "       ombudsflow workflows migrate --db CONNINFO [--workflows DIR] --workflow NAME\n"
    "                                    --from V --to W [--map old=new,...]\n\n"
    "check validates a folder of definitions. migrate moves every running case of\n"
    "NAME from version V to W, states mapped by --map or by name, all or nothing,\n"
    "each move recorded in the case's audit events.";

int Check(const std::string& dir) {
  auto folder = service::LoadWorkflowFolder(dir);
  if (!folder) {
    std::cerr << folder.error().message << std::endl;
    return kExitFailure;
  }
  std::cout << folder->catalog.size() << " workflow definition(s) and " << folder->referrals.body_size()
            << " referral bodies valid" << std::endl;
  return kExitOk;
}

int Migrate(const po::variables_map& values) {
  for (const char* required : {"workflow", "from", "to"}) {
    if (values.count(required) == 0) {
      PrintError(std::string("workflows migrate needs --") + required);
      return kExitUsage;
    }
  }
  auto conninfo = DatabaseConninfo(values);
  if (!conninfo) return kExitUsage;
  auto folder = LoadWorkflows(values);
  if (!folder) return folder.error();
  const RuleRegistry& rules = folder->rules;
  const WorkflowCatalog* catalog = &folder->catalog;
  const std::string time_zone = UseOfficeTimeZone(values);
  auto database = store::Database::Connect({.conninfo = *conninfo, .pool_size = 1});
  if (!database) {
    PrintError(database.error().message);
    return kExitFailure;
  }
  store::TransitionStore cases(**database, time_zone);
  store::ComplaintStore complaints(**database, {.office_time_zone = time_zone});
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  service::SystemClock clock;
  service::TransitionService transitions(cases, complaints, *catalog, rules, calendar, clock);
  const std::string workflow = values["workflow"].as<std::string>();
  const auto from = values["from"].as<unsigned>();
  const auto to = values["to"].as<unsigned>();
  Actor operator_actor{Role::kAdministrator, {}, values["actor"].as<std::string>(), {}};
  if (values.count("user")) {
    store::UserStore users(**database);
    auto user = users.Find(values["user"].as<std::string>());
    if (!user || !user->active || user->role != Role::kAdministrator) {
      PrintError("--user must name an active administrator: " +
                 (user ? user->email + " is not one" : user.error().message));
      return kExitFailure;
    }
    operator_actor = user->AsActor();
  }
  auto moved = transitions.MigrateWorkflow(workflow, from, to, values["map"].as<std::string>(),
                                           operator_actor);
  if (!moved) {
    PrintError("nothing was migrated:\n" + moved.error().message);
    return kExitFailure;
  }
  std::cout << "moved " << *moved << " running case(s) of " << workflow << " from version " << from
            << " to " << to << std::endl;
  return kExitOk;
}

}  // namespace

int RunWorkflows(const std::vector<std::string>& args) {
  po::options_description options("workflows options");
  options.add_options()
      ("help,h", "show this help")
      ("action", po::value<std::string>()->required(), "check or migrate")
      ("dir", po::value<std::string>(), "folder of *.textproto definitions (check)")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("workflows", po::value<std::string>()->default_value(OMBUDSFLOW_WORKFLOWS_DIR),
       "folder of workflow definitions (migrate)")
      ("workflow", po::value<std::string>(), "the workflow whose cases move")
      ("from", po::value<unsigned>(), "the version cases move from")
      ("to", po::value<unsigned>(), "the version cases move to")
      ("map", po::value<std::string>()->default_value(""), "old_state=new_state,...")
      ("user", po::value<std::string>(),
       "the administrator (id or e-mail) who runs the migration, recorded in each event")
      ("actor", po::value<std::string>()->default_value("workflows migrate"),
       "without --user: the name of the system that runs it, recorded as system:NAME")
      ("time-zone", po::value<std::string>()->default_value("Europe/Copenhagen"),
       "the office's time zone, for new deadlines");
  po::positional_options_description positional;
  positional.add("action", 1).add("dir", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional, kUsage, values)) return *done;
  const std::string action = values["action"].as<std::string>();
  if (action == "check") {
    if (values.count("dir") == 0) {
      PrintError("workflows check needs a folder: ombudsflow workflows check DIR");
      return kExitUsage;
    }
    return Check(values["dir"].as<std::string>());
  }
  if (action == "migrate") return Migrate(values);
  PrintError("unknown workflows action '" + action + "': use check or migrate");
  return kExitUsage;
}

}  // namespace ombudsflow::cli
