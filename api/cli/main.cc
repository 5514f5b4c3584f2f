// ombudsflow: one executable, one subcommand per job.
#include <iostream>
#include <string>
#include <vector>

#include "api/cli/cli_common.h"
#include "api/server/release.h"

namespace {

constexpr std::string_view kUsage = R"(usage: ombudsflow <command> [options]

commands:
  serve              run the HTTP API server (--config FILE reads its options from a file)
  config check       print serve's effective configuration, secrets masked, or why it is refused
  migrate            apply the sql/ migrations to a database
  servers            list the servers running against a database, with their releases
  user create        create a person's account (a role) and print their one-time set-password link
  user invite        print a new one-time set-password link for a person
  user list          list the users: role, e-mail, how they sign in, active or not
  user deactivate    end a user's sign-in, tokens and sessions at once
  user set-password  break-glass: set a user's local password (Argon2id), recorded
  token create       create a system's token, or a person's with their own password (printed once)
  token list         list the tokens: role, name, created, expires, state; never the token
  token revoke       revoke an API token, at once on every server
  workflows check    validate a folder of workflow definitions
  workflows migrate  move running cases from one workflow version to another
  audit verify       verify cases' audit chains and report each first broken link
  audit anchor-key   write a new Ed25519 key for the audit anchor (FILE and FILE.pub)
  retention run      remove the citizen's personal data from long-closed cases

'ombudsflow <command> --help' describes each command's options; 'ombudsflow --version' names the release.)";

}  // namespace

int main(int argc, char** argv) {
  using namespace ombudsflow::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage << "\n";
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "ombudsflow " << ombudsflow::api::Release() << "\n";
    return kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return RunServe(args);
  if (command == "config") return RunConfig(args);
  if (command == "migrate") return RunMigrate(args);
  if (command == "servers") return RunServers(args);
  if (command == "token") return RunToken(args);
  if (command == "user") return RunUser(args);
  if (command == "workflows") return RunWorkflows(args);
  if (command == "audit") return RunAudit(args);
  if (command == "retention") return RunRetention(args);
  PrintError("unknown command '" + command + "' (see --help)");
  return kExitUsage;
}
