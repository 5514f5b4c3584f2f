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
  auto pool = database_->Connect();
  store::TokenStore store(*pool);
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

std::string ServerFixture::CaseInHearing() {
  auto created = PostJson(kValidIntakeJson);
  if (created.result() != api::http::status::created) throw std::runtime_error(created.body());
  const std::string path = std::string(created[api::http::field::location]) + "/transitions";
  const std::vector<std::pair<Role, std::string>> steps = {
      {Role::kCaseworker, R"({"name": "consider_solutions", "input": {"department_has_answered": true}})"},
      {Role::kCaseworker, R"({"name": "start_written_treatment", "input": {"points": ["Svartid"]}})"},
      {Role::kOmbudsman, R"({"name": "open_investigation", "input": {"actuality": "a", "significance": "b",
          "complexity": "c", "citizen_gain": "d", "improvement_potential": "e", "selected_points": [1]}})"}};
  int version = 1;
  for (const auto& [role, body] : steps) {
    auto fired = Send(verb::post, path, role, body,
                      {{"Content-Type", "application/json"}, {"If-Match", std::to_string(version++)}});
    if (fired.result() != api::http::status::ok) throw std::runtime_error(fired.body());
  }
  return path.substr(std::string("/v1/complaints/").size(), 36);
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
