#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <iostream>

#include "api/cli/cli_common.h"
#include "api/server/serve_config.h"
#include "api/server/server.h"

namespace ombudsflow::cli {
namespace {

// One line per route: METHOD PATTERN ACCESS [ROLES] [param=value:ROLES].
void PrintRoutes(const std::vector<api::ServedRoute>& routes) {
  const auto roles = [](const std::vector<Role>& list) {
    std::string text;
    for (Role role : list) text += (text.empty() ? "" : ",") + std::string(RoleName(role));
    return text;
  };
  for (const auto& route : routes) {
    std::cout << http::to_string(route.method) << " " << route.pattern << " ";
    if (route.policy == nullptr) {
      std::cout << "no-policy\n";
      continue;
    }
    switch (route.policy->access) {
      case api::Access::kPublic: std::cout << "public"; break;
      case api::Access::kPublicOrSignedIn: std::cout << "public-or-signed-in " << roles(route.policy->roles); break;
      case api::Access::kRoles: std::cout << "roles " << roles(route.policy->roles); break;
    }
    for (const auto& rule : route.policy->query_rules) {
      std::cout << " " << rule.param << "=" << rule.value << ":" << roles(rule.roles);
    }
    std::cout << "\n";
  }
  std::cout.flush();
}

// Protobuf writes to stderr about what clients send (invalid UTF-8 in a
// string field, for one): a line per request anyone may send. Such bodies
// are answered with a 400; their details are debug logging.
void QuietProtobufLogging() {
  google::protobuf::SetLogHandler([](google::protobuf::LogLevel level, const char* file, int line,
                                     const std::string& message) {
    if (level >= google::protobuf::LOGLEVEL_FATAL) {
      spdlog::critical("protobuf {}:{}: {}", file, line, message);
    } else {
      spdlog::debug("protobuf {}:{}: {}", file, line, message);
    }
  });
}

// The help text, or the refusal and its exit code, of options that give no
// config.
int Stopped(const server::ConfigStop& stop) {
  switch (stop.kind) {
    case server::ConfigStop::Kind::kHelp: std::cout << stop.text; return kExitOk;
    case server::ConfigStop::Kind::kUsage: PrintError(stop.text); return kExitUsage;
    case server::ConfigStop::Kind::kFailure: PrintError(stop.text); return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace

int RunServe(const std::vector<std::string>& args) {
  auto config = server::ParseServeConfig(args);
  if (!config) return Stopped(config.error());
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  // libpq reads the password file systemd passed as a credential.
  if (config->database.passfile) ::setenv("PGPASSFILE", config->database.passfile->c_str(), 1);
  QuietProtobufLogging();
  UseOfficeTimeZone(config->office.time_zone);
  if (config->print_routes) {
    // Only the routes are wanted: nothing is to listen on a real port, nor
    // open the anchor or the print folder, beside a server that may run.
    config->listening.endpoint.port(0);
    config->listening.metrics.reset();
    config->audit_anchor.reset();
    config->letters.print_folder.reset();
  }
  auto server = server::Server::Build(*config);
  if (!server) {
    PrintError(server.error().message);
    return kExitFailure;
  }
  if (config->print_routes) {
    PrintRoutes((*server)->Routes());
    return kExitOk;
  }
  // Under systemd (Type=notify): ready once it listens and its jobs run,
  // stopping as the drain begins. Elsewhere these do nothing.
  (*server)->DrainOnSignals([] { sd_notify(0, "STOPPING=1\nSTATUS=draining"); });
  (*server)->Start();
  sd_notify(0, "READY=1\nSTATUS=serving");
  (*server)->Wait();
  return kExitOk;
}

int RunConfig(const std::vector<std::string>& args) {
  constexpr const char* kConfigUsage =
      "usage: ombudsflow config check [--config FILE] [serve's options...]\n\n"
      "Reads serve's options as serve would (the file, then the flags over it, then systemd's credentials)\n"
      "and prints each option's effective value and where it came from, with every secret masked, and\n"
      "where each secret is read from. Refuses what serve would refuse, with the same exit code.\n";
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kConfigUsage;
    return kExitOk;
  }
  if (args.empty() || args[0] != "check") {
    PrintError("usage: ombudsflow config check [--config FILE] [serve's options...] (see --help)");
    return kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  auto settings = server::ReadServeSettings(rest);
  if (!settings) return Stopped(settings.error());
  // The same syntax as the config file, so a line can be copied into one.
  std::cout << "# ombudsflow serve: the effective configuration (secrets masked)\n";
  for (const auto& option : settings->options) {
    if (option.source == "unset") {
      std::cout << "# " << option.name << " is unset\n";
    } else {
      std::cout << option.name << " = " << option.value << "  # " << option.source << "\n";
    }
  }
  std::cout << "# secrets, each read from:\n";
  if (settings->secrets.empty()) std::cout << "#   none\n";
  for (const auto& secret : settings->secrets) std::cout << "#   " << secret << "\n";
  return kExitOk;
}

}  // namespace ombudsflow::cli
