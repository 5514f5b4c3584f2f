// A revoked token stops working at once on every server, however long the
// servers would otherwise trust a token they have seen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;

class RevocationTest : public ServerFixture {
 protected:
  // Ten minutes of trust: only the notification can end it sooner.
  std::vector<std::string> ServerArgs() const override { return {"--token-cache-seconds", "600"}; }

  // A new department token's id and the token itself (empty if refused).
  std::pair<std::string, std::string> CreateDepartmentToken() const {
    const auto created = RunOmbudsflow({"token", "create", "--db", database_->conninfo(), "--role", "department",
                                        "--department", "BUF", "--name", "Anne Jurist"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    std::istringstream out(created.out);
    std::string word, id, token;
    while (out >> word) {
      if (word == "token" && id.empty()) out >> id;
      token = word;
    }
    return {id, token};
  }
};

TEST_F(RevocationTest, ARevokedTokenIsRefusedAtOnceByTwoServers) {
  auto second = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
  const auto [id, token] = CreateDepartmentToken();
  ASSERT_FALSE(token.empty());
  const auto get = [&](unsigned short port) {
    return SendHttp(port, verb::get, "/v1/notices", {}, {{"Authorization", "Bearer " + token}}).result();
  };
  // Both servers have seen (and remember) the token.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(get(server_->port()), status::ok);
    ASSERT_EQ(get(second->port()), status::ok);
  }
  const auto revoked = RunOmbudsflow({"token", "revoke", "--db", database_->conninfo(), "--id", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  // The notification is asynchronous: allow it a moment (not ten minutes).
  const auto start = std::chrono::steady_clock::now();
  bool refused_by_both = false;
  while (!refused_by_both && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
    refused_by_both = get(server_->port()) == status::unauthorized && get(second->port()) == status::unauthorized;
    if (!refused_by_both) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(refused_by_both);
  RecordProperty("refused_after_ms", static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                          std::chrono::steady_clock::now() - start)
                                                          .count()));
  // Revoking it again, or a token that does not exist, says so.
  EXPECT_NE(RunOmbudsflow({"token", "revoke", "--db", database_->conninfo(), "--id", id}).exit_code, 0);
  EXPECT_NE(RunOmbudsflow({"token", "revoke", "--db", database_->conninfo(), "--id", "nope"}).exit_code, 0);
  // Other tokens keep working.
  EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kCaseworker).result(), status::ok);
}

// The workflow catalog is answered on the I/O thread when the token is
// remembered (HttpApi::HandleFromMemory): a token seen there for the first
// time is still looked up, and a revoked one is refused there too.
TEST_F(RevocationTest, TheRoutesAnsweredFromMemoryAcceptANewTokenAndRefuseARevokedOne) {
  const auto [id, token] = CreateDepartmentToken();
  ASSERT_FALSE(token.empty());
  const auto get = [&] {
    return SendHttp(server_->port(), verb::get, "/v1/workflows", {}, {{"Authorization", "Bearer " + token}});
  };
  // Never seen before: looked up on a worker, then remembered.
  const auto first = get();
  ASSERT_EQ(first.result(), status::ok) << first.body();
  EXPECT_EQ(get().body(), first.body());
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/workflows", {}, {{"Authorization", "Bearer ofk_nonsense"}})
                .result(),
            status::unauthorized);
  ASSERT_EQ(RunOmbudsflow({"token", "revoke", "--db", database_->conninfo(), "--id", id}).exit_code, 0);
  const auto start = std::chrono::steady_clock::now();
  status answer = status::ok;
  while (answer != status::unauthorized && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
    answer = get().result();
    if (answer != status::unauthorized) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(answer, status::unauthorized);
  // No credentials at all: the catalog needs a token.
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/workflows", {}, {}).result(), status::unauthorized);
}

// An expired token is refused by every server, also one that remembered it:
// a server trusts a token no longer than it lives, and an expiry brought
// forward in SQL is heard like a revocation.
TEST_F(RevocationTest, AnExpiredTokenIsRefusedEvenWhereItWasRemembered) {
  const auto created = RunOmbudsflow({"token", "create", "--db", database_->conninfo(), "--role", "department", "--department", "BUF",
                                      "--name", "Anne Jurist", "--lifetime-days", "1"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string token = created.out.substr(created.out.rfind("ofk_"), 68);
  const auto get = [&] {
    return SendHttp(server_->port(), verb::get, "/v1/notices", {}, {{"Authorization", "Bearer " + token}});
  };
  ASSERT_EQ(get().result(), status::ok);  // now remembered, for up to ten minutes
  database_->Execute(
      "UPDATE api_tokens SET expires_at = created_at + interval '1 microsecond' WHERE name = 'Anne Jurist'");
  const auto start = std::chrono::steady_clock::now();
  status answer = status::ok;
  while (answer != status::unauthorized && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
    answer = get().result();
    if (answer != status::unauthorized) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(answer, status::unauthorized);
  EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kCaseworker).result(), status::ok);
}

// Deactivating a person ends every token of theirs at once on every server.
TEST_F(RevocationTest, DeactivatingAUserRefusesEachOfTheirTokensAtOnceOnTwoServers) {
  auto second = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
  const std::string anne = CreateUser(Role::kCaseworker, "anne@test.example");
  const std::vector<std::string> tokens = {IssueUserToken(anne), IssueUserToken(anne)};
  const auto answers = [&](unsigned short port) {
    std::vector<status> got;
    for (const auto& token : tokens) {
      got.push_back(SendHttp(port, verb::get, "/v1/complaints", {}, {{"Authorization", "Bearer " + token}}).result());
    }
    return got;
  };
  const std::vector<status> ok(tokens.size(), status::ok), refused(tokens.size(), status::unauthorized);
  ASSERT_EQ(answers(server_->port()), ok);
  ASSERT_EQ(answers(second->port()), ok);
  const auto deactivated = RunOmbudsflow({"user", "deactivate", "--db", database_->conninfo(), "--user", anne});
  ASSERT_EQ(deactivated.exit_code, 0) << deactivated.err;
  const auto start = std::chrono::steady_clock::now();
  bool refused_by_both = false;
  while (!refused_by_both && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
    refused_by_both = answers(server_->port()) == refused && answers(second->port()) == refused;
    if (!refused_by_both) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(refused_by_both);
  // No new token for someone who has left, and everyone else works on.
  const auto issued = RunOmbudsflow({"token", "create", "--db", database_->conninfo(), "--user", anne,
                                     "--password-stdin"}, "anne's own long password\n");
  EXPECT_EQ(issued.exit_code, 1);
  EXPECT_THAT(issued.err, ::testing::HasSubstr("deactivated"));
  EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kCaseworker).result(), status::ok);
}

}  // namespace
}  // namespace ombudsflow::testing
