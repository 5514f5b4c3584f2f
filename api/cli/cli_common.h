#pragma once

#include <boost/program_options.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"

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

/// Prints "ombudsflow: <message>" (multi-line messages indented) to stderr.
void PrintError(std::string_view message);

int RunServe(const std::vector<std::string>& args);
int RunMigrate(const std::vector<std::string>& args);
int RunToken(const std::vector<std::string>& args);
int RunWorkflows(const std::vector<std::string>& args);
int RunAudit(const std::vector<std::string>& args);

}  // namespace ombudsflow::cli
