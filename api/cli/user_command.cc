#include <iostream>
#include <string>

#include "api/cli/cli_common.h"
#include "engine/service/passwords.h"
#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"

namespace ombudsflow::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: ombudsflow user create --db CONNINFO --name NAME --email EMAIL --role ROLE [--department CODE]\n"
    "                              [--public-url URL]\n"
    "       ombudsflow user invite --db CONNINFO --user ID_OR_EMAIL [--public-url URL]\n"
    "       ombudsflow user list --db CONNINFO\n"
    "       ombudsflow user deactivate --db CONNINFO --user ID_OR_EMAIL\n"
    "       ombudsflow user set-password --db CONNINFO --user ID_OR_EMAIL (--password-stdin | --random-password)\n\n"
    "People sign in as themselves: with the identity provider (OIDC, matched by e-mail on\n"
    "their first sign-in) or with a local password they choose. Accounts are made here or\n"
    "at /admin, never by signing in. create prints a one-time link (valid 72 hours, single\n"
    "use) for the person to set their own password; invite prints a new one. Give the link\n"
    "to the person alone. set-password is the operator's break-glass (the database owner at\n"
    "this shell, a duty apart from the web administrator's): --random-password prints a new\n"
    "password once; --password-stdin reads one line. Every action is recorded in\n"
    "admin_events as done by operator:$USER.\n"
    "deactivate ends sign-in, revokes the user's tokens on every server and ends their sessions.";

void PrintUser(const store::UserRecord& user) {
  std::cout << user.id << "  " << RoleName(user.role) << (user.department.empty() ? "" : " ") << user.department
            << "  " << user.display_name << " <" << user.email << ">  "
            << (user.has_password ? "password" : "no password") << "  "
            << (user.oidc_subject.empty() ? "no OIDC yet" : "OIDC") << "  created " << Utc(user.created_at)
            << " by " << user.created_by << "  "
            << (user.active ? "active" : "deactivated " + Utc(*user.deactivated_at)) << "\n";
}

// The password the options ask for: read from stdin, made up, or none.
std::optional<std::string> PasswordFrom(const po::variables_map& values, bool& printed) {
  if (values.count("password-stdin")) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
  }
  if (values.count("random-password")) {
    printed = true;
    return service::RandomPassword();
  }
  return std::nullopt;
}

void PrintLink(const service::PasswordLink& link, const po::variables_map& values) {
  std::cout << "; their one-time link to set a password, valid until " << Utc(link.expires_at)
            << ", is shown only now:\n"
            << values["public-url"].as<std::string>() << "/set-password?token=" << link.secret;
}

}  // namespace

int RunUser(const std::vector<std::string>& args) {
  po::options_description options("user options");
  options.add_options()
      ("help,h", "show this help")
      ("action", po::value<std::string>()->required(), "create, invite, list, deactivate or set-password")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("name", po::value<std::string>(), "the person's name as colleagues know it")
      ("email", po::value<std::string>(), "their e-mail address: how they are found at first OIDC sign-in")
      ("role", po::value<std::string>(), "caseworker, ombudsman, deputy, department or administrator")
      ("department", po::value<std::string>()->default_value(""), "department code, for department users only")
      ("user", po::value<std::string>(), "the user (id or e-mail) to deactivate or set a password for")
      ("public-url", po::value<std::string>()->default_value("http://127.0.0.1:8080"),
       "the server's address as people reach it, for the set-password link")
      ("password-stdin", "set-password: read the password from the first line of standard input")
      ("random-password", "set-password: make up a strong password and print it once");
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional, kUsage, values)) return *done;
  const std::string action = values["action"].as<std::string>();
  if (action != "create" && action != "invite" && action != "list" && action != "deactivate" &&
      action != "set-password") {
    PrintError("unknown user action '" + action + "': use create, invite, list, deactivate or set-password");
    return kExitUsage;
  }
  if (action != "set-password" && (values.count("password-stdin") || values.count("random-password"))) {
    PrintError("nobody chooses another person's password: " + action +
               " takes no password (create prints a link for the person to set their own)");
    return kExitUsage;
  }
  if (values.count("password-stdin") && values.count("random-password")) {
    PrintError("give at most one of --password-stdin and --random-password");
    return kExitUsage;
  }
  if ((action == "deactivate" || action == "set-password" || action == "invite") && !values.count("user")) {
    PrintError("user " + action + " needs --user");
    return kExitUsage;
  }
  if (action == "create" && (!values.count("name") || !values.count("email") || !values.count("role"))) {
    PrintError("user create needs --name, --email and --role");
    return kExitUsage;
  }
  bool print_password = false;
  const std::optional<std::string> password = PasswordFrom(values, print_password);
  if (action == "set-password" && !password) {
    PrintError("user set-password needs --password-stdin or --random-password");
    return kExitUsage;
  }
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  const service::SystemClock clock;
  store::UserStore store(**database);
  service::UserService users(store, clock);

  if (action == "list") {
    auto listed = users.List();
    if (!listed) {
      PrintError(listed.error());
      return kExitFailure;
    }
    for (const auto& user : *listed) PrintUser(user);
    std::cout << listed->size() << " users" << std::endl;
    return kExitOk;
  }
  if (action == "deactivate") {
    auto user = users.Deactivate(values["user"].as<std::string>(), OperatorId());
    if (!user) {
      PrintError(user.error());
      return kExitFailure;
    }
    std::cout << "deactivated " << user->display_name << " <" << user->email
              << ">: their tokens are revoked and their sessions ended" << std::endl;
    return kExitOk;
  }
  if (action == "set-password") {
    if (auto set = users.SetPassword(values["user"].as<std::string>(), *password, OperatorId()); !set) {
      PrintError(set.error());
      return kExitFailure;
    }
    std::cout << "set the password of " << values["user"].as<std::string>();
    if (print_password) std::cout << "; it is shown only now:\n" << *password;
    std::cout << std::endl;
    return kExitOk;
  }
  if (action == "invite") {
    auto link = users.NewPasswordLink(values["user"].as<std::string>(), OperatorId());
    if (!link) {
      PrintError(link.error());
      return kExitFailure;
    }
    std::cout << "a new link for " << link->user.display_name << " <" << link->user.email << ">";
    PrintLink(*link, values);
    std::cout << std::endl;
    return kExitOk;
  }
  auto created = users.Create({values["name"].as<std::string>(), values["email"].as<std::string>(),
                               values["role"].as<std::string>(), values["department"].as<std::string>()},
                              OperatorId());
  if (!created) {
    PrintError(created.error());
    return kExitFailure;
  }
  const store::UserRecord& user = created->user;
  std::cout << "created user " << user.id << ": " << user.display_name << " <" << user.email << ">, "
            << RoleName(user.role) << (user.department.empty() ? "" : " " + user.department);
  PrintLink(*created, values);
  std::cout << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
