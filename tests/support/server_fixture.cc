#include "tests/support/server_fixture.h"

#include <signal.h>

#include <algorithm>

#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/service/user_service.h"
#include "engine/store/database.h"
#include "engine/store/token_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::testing {

using http::verb;

void ServerFixture::SetUp() {
  database_ = TestDatabase::Migrated();
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kAdministrator, Role::kDepartment}) {
    const std::string name(RoleName(role));
    user_ids_[role] = CreateUser(role, name + "@test.example", role == Role::kDepartment ? "BUF" : "");
    tokens_[role] = IssueUserToken(user_ids_[role]);
  }
  server_ = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
}

std::vector<std::string> ServerFixture::AllServerArgs() const {
  std::vector<std::string> args = ServerArgs();
  const auto given = [&](const std::string& option) {
    return std::find(args.begin(), args.end(), option) != args.end();
  };
  // Publication tests would otherwise wait out the notice period, and
  // webhook receivers in tests listen on loopback.
  if (!given("--notice-period-days")) args.insert(args.end(), {"--notice-period-days", "0"});
  if (!given("--webhook-allow-loopback")) args.push_back("--webhook-allow-loopback");
  return args;
}

void ServerFixture::TearDown() {
  server_.reset();
  database_.reset();
}

std::string ServerFixture::IssueToken(Role role, const std::string& department) {
  auto pool = database_->Connect();
  store::TokenStore store(*pool);
  const service::SystemClock clock;
  service::TokenService tokens(store, clock);
  auto issued = tokens.IssueForSystem("operator:test", role, department, "test " + std::string(RoleName(role)));
  if (!issued) throw std::runtime_error(issued.error().message);
  return issued->token;
}

std::string ServerFixture::CreateUser(Role role, const std::string& email, const std::string& department) {
  auto pool = database_->Connect();
  store::UserStore store(*pool);
  const service::SystemClock clock;
  auto user = service::UserService(store, clock)
                  .Create({"Test " + std::string(RoleName(role)), email, std::string(RoleName(role)), department},
                          "operator:test");
  if (!user) throw std::runtime_error(user.error().message);
  return user->user.id;
}

void ServerFixture::SetPassword(const std::string& user_id, const std::string& password) {
  auto pool = database_->Connect();
  store::UserStore store(*pool);
  const service::SystemClock clock;
  auto set = service::UserService(store, clock).SetPassword(user_id, password, "operator:test");
  if (!set) throw std::runtime_error(set.error().message);
}

std::string ServerFixture::IssueUserToken(const std::string& user_id) {
  auto pool = database_->Connect();
  store::UserStore users(*pool);
  store::TokenStore store(*pool);
  const service::SystemClock clock;
  auto user = users.Find(user_id);
  if (!user) throw std::runtime_error(user.error().message);
  // As the person would, signed in.
  auto issued = service::TokenService(store, clock).IssueOwn(user->AsActor(), "test token");
  if (!issued) throw std::runtime_error(issued.error().message);
  return issued->token;
}

HttpResponse ServerFixture::Send(verb method, const std::string& target, Role role,
                                  const std::string& body,
                                  std::map<std::string, std::string> headers) {
  headers.emplace("Authorization", "Bearer " + tokens_.at(role));
  return SendHttp(server_->port(), method, target, body, headers);
}

HttpResponse ServerFixture::PostJson(const std::string& json,
                                      std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/json");
  return Send(verb::post, "/v1/complaints", Role::kCaseworker, json, std::move(headers));
}

std::string ServerFixture::CaseInHearing() {
  auto created = PostJson(kValidIntakeJson);
  if (created.result() != http::status::created) throw std::runtime_error(created.body());
  const std::string id = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  Walk(id, StepsToHearing());
  return id;
}

std::uint32_t ServerFixture::Walk(const std::string& id, const std::vector<WalkStep>& steps) {
  const std::string path = "/v1/complaints/" + id;
  std::string version = std::string(Send(verb::get, path, Role::kCaseworker)[http::field::etag]);
  for (const auto& step : steps) {
    auto fired = Send(verb::post, path + "/transitions", step.role, step.json,
                      {{"Content-Type", "application/json"}, {"If-Match", version}});
    if (fired.result() != http::status::ok) throw std::runtime_error(step.json + ": " + fired.body());
    version = std::string(fired[http::field::etag]);
  }
  return static_cast<std::uint32_t>(std::stoul(version.substr(1, version.size() - 2)));
}

std::string ServerFixture::Etag(const std::string& id) {
  return std::string(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker)[http::field::etag]);
}

HttpResponse ServerFixture::FireNow(const std::string& id, Role role, const std::string& name,
                                     const std::string& input) {
  return Send(verb::post, "/v1/complaints/" + id + "/transitions", role,
              R"({"name": ")" + name + R"(", "input": )" + input + "}",
              {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
}

long long ServerFixture::RowsWritten() {
  return database_->Scalar(
      "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM complaint_events)");
}

void ServerFixture::RestartServer(int signal, const std::function<void()>& while_down) {
  server_->Stop(signal);
  if (while_down) while_down();
  server_ = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
}

}  // namespace ombudsflow::testing
