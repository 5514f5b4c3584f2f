#pragma once

#include <boost/program_options.hpp>

#include <expected>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/service/workflow_files.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/store/database.h"

namespace ombudsflow::cli {

namespace po = boost::program_options;

/// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work failed (database, bad data)
inline constexpr int kExitUsage = 2;    // the command line was wrong

/// Parses `args` against `options`; prints `usage` for --help. Returns the
/// exit code to stop with, or nullopt to go on.
std::optional<int> ParseArgs(const std::vector<std::string>& args,
                             const po::options_description& options,
                             const po::positional_options_description* positional,
                             std::string_view usage, po::variables_map& values);

/// The --db value, or OMBUDSFLOW_DB when the option is absent.
std::optional<std::string> DatabaseConninfo(const po::variables_map& values);

/// One connection to the database --db (or OMBUDSFLOW_DB) names, or the
/// exit code to stop with (the reason printed).
std::expected<std::unique_ptr<store::Database>, int> OpenDatabase(const po::variables_map& values);

/// The checked workflow definitions in the folder --workflows names, or
/// the exit code to stop with (every problem printed).
std::expected<service::WorkflowFolder, int> LoadWorkflows(const po::variables_map& values);

/// Sets this process's time zone to --time-zone, in which deadlines and
/// case numbers count, and returns it.
std::string UseOfficeTimeZone(const po::variables_map& values);
void UseOfficeTimeZone(const std::string& time_zone);

/// Prints "ombudsflow: <message>" (multi-line messages indented) to stderr.
void PrintError(std::string_view message);

/// PrintError with the error's message and each field violation on a line.
void PrintError(const Error& error);

/// Who acts at the operator's shell, as admin_events record it:
/// "operator:<login>" ($USER, or "unknown").
std::string OperatorId();

/// RFC 3339 in UTC, as the API writes times.
std::string Utc(Timestamp at);

int RunServe(const std::vector<std::string>& args);
int RunConfig(const std::vector<std::string>& args);
int RunMigrate(const std::vector<std::string>& args);
int RunToken(const std::vector<std::string>& args);
int RunWorkflows(const std::vector<std::string>& args);
int RunAudit(const std::vector<std::string>& args);
int RunUser(const std::vector<std::string>& args);
int RunRetention(const std::vector<std::string>& args);
int RunServers(const std::vector<std::string>& args);

}  // namespace ombudsflow::cli
