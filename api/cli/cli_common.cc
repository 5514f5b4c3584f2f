#include "api/cli/cli_common.h"

#include <google/protobuf/util/time_util.h>

#include <cstdlib>
#include <ctime>

#include "engine/service/workflow_files.h"

namespace ombudsflow::cli {

std::optional<int> ParseArgs(const std::vector<std::string>& args,
                             const po::options_description& options,
                             const po::positional_options_description* positional,
                             std::string_view usage, po::variables_map& values) {
  try {
    auto parser = po::command_line_parser(args).options(options);
    if (positional != nullptr) parser.positional(*positional);
    po::store(parser.run(), values);
    if (values.count("help") > 0) {
      std::cout << usage << "\n\n" << options << "\n";
      return kExitOk;
    }
    po::notify(values);
  } catch (const po::error& error) {
    PrintError(std::string(error.what()) + " (see --help)");
    return kExitUsage;
  }
  return std::nullopt;
}

std::optional<std::string> DatabaseConninfo(const po::variables_map& values) {
  if (values.count("db") > 0) return values["db"].as<std::string>();
  if (const char* env = std::getenv("OMBUDSFLOW_DB"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  PrintError("no database given: pass --db CONNINFO or set OMBUDSFLOW_DB");
  return std::nullopt;
}

std::expected<std::unique_ptr<store::Database>, int> OpenDatabase(const po::variables_map& values) {
  auto conninfo = DatabaseConninfo(values);
  if (!conninfo) return std::unexpected(kExitUsage);
  auto database = store::Database::Connect({.conninfo = *conninfo, .pool_size = 1});
  if (!database) {
    PrintError(database.error().message);
    return std::unexpected(kExitFailure);
  }
  return std::move(*database);
}

std::expected<service::WorkflowFolder, int> LoadWorkflows(const po::variables_map& values) {
  auto folder = service::LoadWorkflowFolder(values["workflows"].as<std::string>());
  if (!folder) {
    PrintError("the workflow definitions are invalid:\n" + folder.error().message);
    return std::unexpected(kExitFailure);
  }
  return std::move(*folder);
}

std::string UseOfficeTimeZone(const po::variables_map& values) {
  const std::string time_zone = values["time-zone"].as<std::string>();
  UseOfficeTimeZone(time_zone);
  return time_zone;
}

void UseOfficeTimeZone(const std::string& time_zone) {
  // The only place the process's zone is set: local dates (deadlines,
  // case-number years) follow it.
  setenv("TZ", time_zone.c_str(), 1);
  tzset();
}

std::string Utc(Timestamp at) {
  return google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(at)));
}

void PrintError(const Error& error) {
  std::string message = error.message;
  for (const auto& violation : error.field_violations) message += "\n" + violation.field + " " + violation.description;
  PrintError(message);
}

void PrintError(std::string_view message) {
  std::string text(message);
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3)) {
    text.replace(at, 1, "\n  ");
  }
  std::cerr << "ombudsflow: " << text << std::endl;
}

std::string OperatorId() {
  const char* login = std::getenv("USER");
  std::string name = login != nullptr && *login != '\0' ? login : "unknown";
  if (name.size() > 200) name.resize(200);
  return "operator:" + name;
}

}  // namespace ombudsflow::cli
