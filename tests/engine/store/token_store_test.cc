#include "engine/store/token_store.h"

#include <gtest/gtest.h>

#include "engine/core/policy/api_token.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(1);
    store_ = std::make_unique<TokenStore>(*pool_);
    service_ = std::make_unique<service::TokenService>(*store_, system_clock_);
  }
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  std::unique_ptr<TokenStore> store_;
  service::SystemClock system_clock_;
  std::unique_ptr<service::TokenService> service_;
};

TEST_F(TokenStoreTest, IssuedTokensAuthenticateAsTheirRole) {
  auto issued = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "BUF case inbox");
  ASSERT_TRUE(issued.has_value()) << issued.error().message;
  auto actor = service_->Authenticate(issued->token);
  ASSERT_TRUE(actor.has_value()) << actor.error().message;
  EXPECT_EQ(actor->role, Role::kDepartment);
  EXPECT_EQ(actor->department, "BUF");
  EXPECT_EQ(actor->name, "BUF case inbox");
  EXPECT_EQ(actor->token_id, issued->id);
}

TEST_F(TokenStoreTest, KeepsOnlyTheHash) {
  auto issued = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "Anne");
  ASSERT_TRUE(issued.has_value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens WHERE token_hash = '" +
                              HashToken(issued->token) + "'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%" +
                              issued->token.substr(4, 16) + "%'"),
            0);
}

TEST_F(TokenStoreTest, RefusesRevokedUnknownAndMalformedTokens) {
  auto issued = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "Ombudsman");
  ASSERT_TRUE(issued.has_value());
  database_->Execute("UPDATE api_tokens SET revoked_at = now()");
  EXPECT_EQ(service_->Authenticate(issued->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Authenticate(FormatToken(std::string(32, 'z'))).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Authenticate("' OR 1=1 --").error().code, ErrorCode::kUnauthenticated);
}

TEST_F(TokenStoreTest, RefusesAnUnknownDepartment) {
  auto issued = service_->IssueForSystem("operator:test", Role::kDepartment, "NOPE", "Nobody");
  ASSERT_FALSE(issued.has_value());
  EXPECT_EQ(issued.error().field_violations.at(0).field, "department");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens"), 0);
}

class FakeClock final : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Date LocalDate(Timestamp) const override { return Date{}; }
  Timestamp now = FromUnixMicros(1'795'000'000'000'000);
};

TEST_F(TokenStoreTest, TokensAreCachedOnlyWhileRevocationsAreHeard) {
  FakeClock clock;
  service::TokenService cached(*store_, clock, std::chrono::seconds(30));
  const auto revoke_in_sql = [&](const std::string& name) {
    database_->Execute("UPDATE api_tokens SET revoked_at = now() WHERE name = '" + name + "'");
  };
  // Not (yet) listening: every request asks the database.
  auto deaf = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "deaf");
  ASSERT_TRUE(cached.Authenticate(deaf->token).has_value());
  revoke_in_sql("deaf");
  EXPECT_FALSE(cached.Authenticate(deaf->token).has_value()) << "cached while no revocation could be heard";

  cached.SetListening(true);
  // Remembered, within its time to live...
  auto kept = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "kept");
  ASSERT_TRUE(cached.Authenticate(kept->token).has_value());
  revoke_in_sql("kept");
  clock.now += std::chrono::seconds(29);
  EXPECT_TRUE(cached.Authenticate(kept->token).has_value()) << "served from the cache";
  clock.now += std::chrono::seconds(2);
  EXPECT_FALSE(cached.Authenticate(kept->token).has_value()) << "a token outlived its time to live";
  // ...and forgotten at once when its revocation is heard.
  auto heard = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "heard");
  ASSERT_TRUE(cached.Authenticate(heard->token).has_value());
  revoke_in_sql("heard");
  cached.Forget(HashToken(heard->token));
  EXPECT_FALSE(cached.Authenticate(heard->token).has_value());
  // Losing the notifications forgets everything.
  auto lost = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "lost");
  ASSERT_TRUE(cached.Authenticate(lost->token).has_value());
  revoke_in_sql("lost");
  cached.SetListening(false);
  EXPECT_FALSE(cached.Authenticate(lost->token).has_value());
}

TEST_F(TokenStoreTest, RefusalsAreNotCached) {
  FakeClock clock;
  service::TokenService cached(*store_, clock, std::chrono::seconds(30));
  const std::string token = FormatToken(std::string(32, 'q'));
  EXPECT_FALSE(cached.Authenticate(token).has_value());
  database_->Execute("INSERT INTO api_tokens (token_hash, role, department, name, expires_at, issued_by) VALUES ('" +
                     HashToken(token) + "', 'department', 'BUF', 'late', now() + interval '1 year', 'operator:test')");
  EXPECT_TRUE(cached.Authenticate(token).has_value());
}

// Tokens expire: after their lifetime no bearer is let in, whether the
// database is asked or the token was remembered.
TEST_F(TokenStoreTest, ATokenExpiresAndIsNeverTrustedPastItsExpiry) {
  FakeClock clock;
  clock.now = system_clock_.Now();  // the database checks that a token expires after its creation
  service::TokenService issuing(*store_, clock);
  auto issued = issuing.IssueForSystem("operator:test", Role::kDepartment, "BUF", "Anne", std::chrono::days(1));
  ASSERT_TRUE(issued.has_value()) << issued.error().message;
  EXPECT_EQ(issued->expires_at, clock.now + std::chrono::days(1));

  service::TokenService cached(*store_, clock, std::chrono::seconds(30));
  cached.SetListening(true);
  clock.now += std::chrono::days(1) - std::chrono::seconds(10);
  ASSERT_TRUE(cached.Authenticate(issued->token).has_value()) << "ten seconds before its expiry";
  clock.now += std::chrono::seconds(10);
  auto expired = cached.Authenticate(issued->token);
  ASSERT_FALSE(expired.has_value()) << "remembered past its expiry";
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(issuing.Authenticate(issued->token).has_value()) << "the database let it in";

  auto too_long = issuing.IssueForSystem("operator:test", Role::kDepartment, "BUF", "Anne", std::chrono::days(3651));
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().field_violations.at(0).field, "lifetime");
  EXPECT_FALSE(issuing.IssueForSystem("operator:test", Role::kDepartment, "BUF", "Anne", std::chrono::days(0)).has_value());
}

TEST_F(TokenStoreTest, TheListShowsEveryTokenWithItsStateButNeverTheToken) {
  auto kept = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "BUF inbox");
  auto revoked = service_->IssueForSystem("operator:test", Role::kDepartment, "BUF", "Anne");
  ASSERT_TRUE(kept.has_value() && revoked.has_value());
  ASSERT_TRUE(service_->Revoke(revoked->id, "operator:test").has_value());
  auto listed = service_->List();
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  for (const auto& token : *listed) {
    if (token.id == kept->id) {
      EXPECT_EQ(token.department, "BUF");
      EXPECT_FALSE(token.revoked_at.has_value());
      EXPECT_EQ(token.expires_at, kept->expires_at);
    } else {
      EXPECT_EQ(token.id, revoked->id);
      EXPECT_TRUE(token.revoked_at.has_value());
    }
  }
}

}  // namespace
}  // namespace ombudsflow::store
