#include <google/protobuf/util/time_util.h>

#include <expected>
#include <iostream>
#include <memory>

#include "api/cli/cli_common.h"
#include "engine/service/passwords.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/service/user_service.h"
#include "engine/store/database.h"
#include "engine/store/token_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::cli {
namespace {

// One token per line: never the token, which is not stored.
void PrintTokens(const std::vector<store::TokenRecord>& tokens, Timestamp now) {
  for (const auto& token : tokens) {
    std::string state = "active";
    if (token.revoked_at) {
      state = "revoked " + Utc(*token.revoked_at);
    } else if (token.expires_at <= now) {
      state = "expired";
    }
    const std::string owner = token.user_id.empty() ? "system" : "user " + token.user_id;
    std::cout << token.id << "  " << RoleName(token.role) << (token.department.empty() ? "" : " ")
              << token.department << "  " << owner << "  '" << token.name << "'  issued by " << token.issued_by
              << "  created " << Utc(token.created_at) << "  expires "
              << Utc(token.expires_at) << "  " << state << "\n";
  }
  std::cout << tokens.size() << " tokens" << std::endl;
}

}  // namespace

int RunToken(const std::vector<std::string>& args) {
  po::options_description options("token options");
  options.add_options()
      ("help,h", "show this help")
      ("action", po::value<std::string>()->required(), "create, list or revoke")
      ("id", po::value<std::string>(), "the token to revoke (its id, as create printed it)")
      ("db", po::value<std::string>(), "PostgreSQL connection string (or OMBUDSFLOW_DB)")
      ("role", po::value<std::string>(), "a system's role: department (the only one a system may hold)")
      ("department", po::value<std::string>()->default_value(""),
       "department code, for department tokens only (e.g. BUF)")
      ("user", po::value<std::string>(),
       "the person (id or e-mail) issuing a token for themselves: it carries their role")
      ("password-stdin", "with --user: the person's own password, from the first line of standard input")
      ("name", po::value<std::string>(),
       "the system the token is for (e.g. 'BUF case system'), or with --user what it is for")
      ("lifetime-days", po::value<unsigned>()->default_value(
                            static_cast<unsigned>(service::kDefaultTokenLifetime.count())),
       "days until the token expires (1 to 3650)");
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional,
                            "usage: ombudsflow token create --db CONNINFO --role department --department CODE "
                            "--name SYSTEM [--lifetime-days N]\n"
                            "       ombudsflow token create --db CONNINFO --user ID_OR_EMAIL --password-stdin "
                            "[--name LABEL] [--lifetime-days N]\n"
                            "       ombudsflow token list --db CONNINFO\n"
                            "       ombudsflow token revoke --db CONNINFO --id TOKEN_ID\n\n"
                            "A token belongs to a named system or to a person. A system may hold only the\n"
                            "department role. A person's token is issued by that person alone: signed in, at\n"
                            "/me/tokens, or here with their own password on standard input (--password-stdin);\n"
                            "nobody issues a token that acts as someone else. Every token records who issued it.\n"
                            "create prints the new token once, as the last line of output; it expires\n"
                            "after --lifetime-days (default 365). list shows every token but never the\n"
                            "token itself. revoke stops it at once on every server.",
                            values)) {
    return *done;
  }
  const std::string action = values["action"].as<std::string>();
  if (action != "create" && action != "list" && action != "revoke") {
    PrintError("unknown token action '" + action + "': use 'create', 'list' or 'revoke'");
    return kExitUsage;
  }
  const service::SystemClock clock;
  if (action == "list") {
    auto database = OpenDatabase(values);
    if (!database) return database.error();
    store::TokenStore store(**database);
    auto tokens = service::TokenService(store, clock).List();
    if (!tokens) {
      PrintError(tokens.error().message);
      return kExitFailure;
    }
    PrintTokens(*tokens, clock.Now());
    return kExitOk;
  }
  if (action == "revoke") {
    if (!values.count("id")) {
      PrintError("token revoke needs --id");
      return kExitUsage;
    }
    auto database = OpenDatabase(values);
    if (!database) return database.error();
    store::TokenStore store(**database);
    if (auto revoked = service::TokenService(store, clock).Revoke(values["id"].as<std::string>(), OperatorId());
        !revoked) {
      PrintError(revoked.error().message);
      return kExitFailure;
    }
    std::cout << "revoked token " << values["id"].as<std::string>() << std::endl;
    return kExitOk;
  }
  const std::chrono::days lifetime(values["lifetime-days"].as<unsigned>());
  if (values.count("user")) {
    if (values.count("role") || !values["department"].as<std::string>().empty()) {
      PrintError("a user's token carries the user's role and department: give --user without --role or --department");
      return kExitUsage;
    }
    if (!values.count("password-stdin")) {
      PrintError("a person's token is issued by that person alone: they sign in and issue it at /me/tokens, "
                 "or give their own password here with --password-stdin");
      return kExitUsage;
    }
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto database = OpenDatabase(values);
    if (!database) return database.error();
    store::UserStore users(**database);
    auto user = service::UserService(users, clock).Find(values["user"].as<std::string>());
    if (!user) {
      PrintError(user.error());
      return kExitFailure;
    }
    // The person proves who they are as at sign-in; nobody else can.
    auto credential = users.PasswordFor(user->email);
    if (!credential) {
      PrintError(credential.error());
      return kExitFailure;
    }
    service::PasswordHasher hasher;
    const auto matches = *credential ? hasher.Verify((*credential)->password_hash, password)
                                     : hasher.VerifyNothing(password);
    if (!matches || !*matches) {
      PrintError("that is not " + user->email + "'s password (or they have none, or are deactivated)");
      return kExitFailure;
    }
    const std::string label = values.count("name") ? values["name"].as<std::string>() : "API token";
    store::TokenStore store(**database);
    auto issued = service::TokenService(store, clock).IssueOwn((*credential)->user.AsActor(), label, lifetime);
    if (!issued) {
      PrintError(issued.error());
      return kExitFailure;
    }
    std::cout << "created " << RoleName(user->role) << " token " << issued->id << " for " << user->display_name
              << " <" << user->email << ">, by themselves, expiring " << Utc(issued->expires_at)
              << "; it is shown only now:\n"
              << issued->token << std::endl;
    return kExitOk;
  }
  if (!values.count("role") || !values.count("name")) {
    PrintError("token create needs --user, or --role and --name for a system's token");
    return kExitUsage;
  }
  auto role = ParseRole(values["role"].as<std::string>());
  if (!role) {
    PrintError("unknown role '" + values["role"].as<std::string>() + "': a system's token has the role department");
    return kExitUsage;
  }
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  store::TokenStore store(**database);
  service::TokenService tokens(store, clock);
  auto issued = tokens.IssueForSystem(OperatorId(), *role, values["department"].as<std::string>(),
                                      values["name"].as<std::string>(), lifetime);
  if (!issued) {
    PrintError(issued.error());
    return kExitFailure;
  }
  std::cout << "created " << values["role"].as<std::string>() << " token " << issued->id
            << " for the system '" << values["name"].as<std::string>() << "', expiring " << Utc(issued->expires_at)
            << "; it is shown only now:\n"
            << issued->token << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
