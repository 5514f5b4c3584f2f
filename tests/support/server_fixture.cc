#include "tests/support/server_fixture.h"

#include <signal.h>

#include "engine/service/token_service.h"
#include "engine/store/database.h"
#include "engine/store/token_store.h"

namespace ombudsflow::testing {

using api::http::verb;

void ServerFixture::SetUp() {
  database_ = TestDatabase::Migrated();
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kAdministrator}) {
    tokens_[role] = IssueToken(role);
  }
  tokens_[Role::kDepartment] = IssueToken(Role::kDepartment, "BUF");
  server_ = ServerProcess::Start(database_->conninfo(), ServerArgs());
}

void ServerFixture::TearDown() {
  server_.reset();
  database_.reset();
}

std::string ServerFixture::IssueToken(Role role, const std::string& department) {
  auto pool = store::Database::Connect({.conninfo = database_->conninfo(), .pool_size = 1});
  if (!pool) throw std::runtime_error(pool.error().message);
  store::TokenStore store(**pool);
  service::TokenService tokens(store);
  auto issued = tokens.Issue(role, department, "test " + std::string(RoleName(role)));
  if (!issued) throw std::runtime_error(issued.error().message);
  return issued->token;
}

api::Response ServerFixture::Send(verb method, const std::string& target, Role role,
                                  const std::string& body,
                                  std::map<std::string, std::string> headers) {
  headers.emplace("Authorization", "Bearer " + tokens_.at(role));
  return SendHttp(server_->port(), method, target, body, headers);
}

api::Response ServerFixture::PostJson(const std::string& json,
                                      std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/json");
  return Send(verb::post, "/v1/complaints", Role::kCaseworker, json, std::move(headers));
}

long long ServerFixture::RowsWritten() {
  return database_->Scalar(
      "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM complaint_events)");
}

void ServerFixture::RestartServer(int signal) {
  server_->Stop(signal);
  server_ = ServerProcess::Start(database_->conninfo(), ServerArgs());
}

}  // namespace ombudsflow::testing
