#include <google/protobuf/util/time_util.h>

#include <expected>
#include <iostream>
#include <memory>

#include "api/cli/cli_common.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/store/database.h"
#include "engine/store/token_store.h"

namespace ombudsflow::cli {
namespace {

// The database --db (or OMBUDSFLOW_DB) names, or the exit code to return.
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

// RFC 3339 in UTC, as the API writes times.
std::string Utc(Timestamp at) {
  return google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(at)));
}

// One token per line: never the token, which is not stored.
void PrintTokens(const std::vector<store::TokenRecord>& tokens, Timestamp now) {
  for (const auto& token : tokens) {
    std::string state = "active";
    if (token.revoked_at) {
      state = "revoked " + Utc(*token.revoked_at);
    } else if (token.expires_at <= now) {
      state = "expired";
    }
    std::cout << token.id << "  " << RoleName(token.role) << (token.department.empty() ? "" : " ")
              << token.department << "  '" << token.name << "'  created " << Utc(token.created_at) << "  expires "
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
      ("role", po::value<std::string>(),
       "caseworker, ombudsman, deputy, department or administrator")
      ("department", po::value<std::string>()->default_value(""),
       "department code, for department tokens only (e.g. BUF)")
      ("name", po::value<std::string>(), "whose token this is, for the audit trail")
      ("lifetime-days", po::value<unsigned>()->default_value(
                            static_cast<unsigned>(service::kDefaultTokenLifetime.count())),
       "days until the token expires (1 to 3650)");
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional,
                            "usage: ombudsflow token create --db CONNINFO --role ROLE "
                            "[--department CODE] --name NAME [--lifetime-days N]\n"
                            "       ombudsflow token list --db CONNINFO\n"
                            "       ombudsflow token revoke --db CONNINFO --id TOKEN_ID\n\n"
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
    if (auto revoked = service::TokenService(store, clock).Revoke(values["id"].as<std::string>()); !revoked) {
      PrintError(revoked.error().message);
      return kExitFailure;
    }
    std::cout << "revoked token " << values["id"].as<std::string>() << std::endl;
    return kExitOk;
  }
  if (!values.count("role") || !values.count("name")) {
    PrintError("token create needs --role and --name");
    return kExitUsage;
  }
  auto role = ParseRole(values["role"].as<std::string>());
  if (!role) {
    PrintError("unknown role '" + values["role"].as<std::string>() +
               "': use caseworker, ombudsman, deputy, department or administrator");
    return kExitUsage;
  }
  auto database = OpenDatabase(values);
  if (!database) return database.error();
  store::TokenStore store(**database);
  service::TokenService tokens(store, clock);
  auto issued = tokens.Issue(*role, values["department"].as<std::string>(), values["name"].as<std::string>(),
                             std::chrono::days(values["lifetime-days"].as<unsigned>()));
  if (!issued) {
    std::string message = issued.error().message;
    for (const auto& violation : issued.error().field_violations) {
      message += "\n" + violation.field + " " + violation.description;
    }
    PrintError(message);
    return kExitFailure;
  }
  std::cout << "created " << values["role"].as<std::string>() << " token " << issued->id
            << " for '" << values["name"].as<std::string>() << "', expiring " << Utc(issued->expires_at)
            << "; it is shown only now:\n"
            << issued->token << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
