// People's accounts as an administrator manages them: `ombudsflow user`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/service/password_hasher.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string LastLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const std::size_t at = text.rfind('\n');
  return at == std::string::npos ? text : text.substr(at + 1);
}

class UserCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { database_ = TestDatabase::Migrated(); }

  CommandResult User(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), "user");
    args.insert(args.begin() + 2, {"--db", database_->conninfo()});
    return RunOmbudsflow(args, input);
  }

  std::string StoredHash(const std::string& email) {
    return database_->Text("SELECT coalesce(password_hash, '') FROM users WHERE email = '" + email + "'");
  }

  std::unique_ptr<TestDatabase> database_;
};

// Nobody chooses another person's password: an account comes with a
// one-time link for its person, and creating it is recorded with who did.
TEST_F(UserCommandTest, CreatesAPersonWithAOneTimeLinkAndNeverAPasswordOfSomeoneElsesChoosing) {
  auto created = User({"create", "--name", "Anne Jurist", "--email", "anne@kk.dk", "--role", "caseworker",
                       "--public-url", "https://klage.kk.dk"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string link = LastLine(created.out);
  ASSERT_THAT(link, ::testing::StartsWith("https://klage.kk.dk/set-password?token="));
  const std::string secret = link.substr(link.find('=') + 1);
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(StoredHash("anne@kk.dk"), "");
  // Only the link's hash is kept, for 72 hours.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM password_links WHERE token_hash = encode(sha256('" + secret +
                              "'), 'hex') AND used_at IS NULL AND expires_at BETWEEN now() + interval '71 hours'"
                              " AND now() + interval '72 hours'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM password_links WHERE token_hash LIKE '%" + secret.substr(0, 16) +
                              "%'"),
            0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users u JOIN admin_events e ON e.user_id = u.id"
                              " WHERE u.created_by LIKE 'operator:%' AND e.actor = u.created_by"
                              " AND e.action = 'user_created'"),
            1);

  auto listed = User({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("caseworker  Anne Jurist <anne@kk.dk>  no password  no OIDC yet"));
  EXPECT_THAT(listed.out, HasSubstr(" by operator:"));
  EXPECT_THAT(listed.out, HasSubstr("active\n1 users"));
  EXPECT_THAT(listed.out, Not(HasSubstr(secret)));

  // A password chosen for them is refused, before anything is written.
  for (const char* option : {"--random-password", "--password-stdin"}) {
    auto chosen = User({"create", "--name", "Bo", "--email", "bo@kk.dk", "--role", "ombudsman", option},
                       "correct horse battery staple\n");
    EXPECT_EQ(chosen.exit_code, 2) << option;
    EXPECT_THAT(chosen.err, HasSubstr("nobody chooses another person's password")) << option;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users"), 1);

  // A new link when the first one lapsed; the old one still works until used.
  auto invited = User({"invite", "--user", "anne@kk.dk"});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  EXPECT_THAT(LastLine(invited.out), ::testing::StartsWith("http://127.0.0.1:8080/set-password?token="));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events WHERE action = 'password_link_issued'"), 1);

  // The e-mail is one person's, in any letter case.
  auto again = User({"create", "--name", "Anne J", "--email", "ANNE@kk.dk", "--role", "ombudsman"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("exists"));
}

TEST_F(UserCommandTest, RefusesEachBadFieldAndWritesNothing) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--name", "A", "--email", "not-an-address", "--role", "caseworker"}, "email must be an e-mail address"},
      {{"--name", "A", "--email", "a@kk.dk", "--role", "king"}, "role must be"},
      {{"--name", "A", "--email", "a@kk.dk", "--role", "system"}, "role must be"},
      {{"--name", "A", "--email", "a@kk.dk", "--role", "caseworker", "--department", "BUF"},
       "department is only for department users"},
      {{"--name", "A", "--email", "a@kk.dk", "--role", "department"}, "department is required"},
      {{"--name", "A", "--email", "a@kk.dk", "--role", "department", "--department", "NOPE"},
       "'NOPE' is not a known department"},
      {{"--name", std::string(201, 'x'), "--email", "a@kk.dk", "--role", "caseworker"}, "display_name must be"},
      {{"--name", "A\x01", "--email", "a@kk.dk", "--role", "caseworker"}, "display_name must be"},
  };
  for (const auto& [args, message] : cases) {
    std::vector<std::string> full = {"create"};
    full.insert(full.end(), args.begin(), args.end());
    auto refused = User(full);
    EXPECT_EQ(refused.exit_code, 1) << message;
    EXPECT_THAT(refused.err, HasSubstr(message));
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM password_links"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events"), 0);
}

TEST_F(UserCommandTest, SetsAPasswordFromStdinAndDeactivationEndsTokensAndSessions) {
  ASSERT_EQ(User({"create", "--name", "Bo Berg", "--email", "bo@kk.dk", "--role", "department", "--department",
                  "BUF"})
                .exit_code,
            0);
  EXPECT_EQ(StoredHash("bo@kk.dk"), "");
  auto set = User({"set-password", "--user", "BO@kk.dk", "--password-stdin"}, "correct horse battery staple\n");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_THAT(set.out, Not(HasSubstr("staple")));
  EXPECT_EQ(service::PasswordHasher().Verify(StoredHash("bo@kk.dk"), "correct horse battery staple"), true);

  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events WHERE action = 'password_set_by_operator'"
                              " AND actor LIKE 'operator:%'"),
            1);
  auto short_password = User({"set-password", "--user", "bo@kk.dk", "--password-stdin"}, "short\n");
  EXPECT_EQ(short_password.exit_code, 1);
  EXPECT_THAT(short_password.err, HasSubstr("password must be 12 to 128 characters"));

  // A token of Bo's is issued by Bo alone, with Bo's own password; it
  // carries Bo's role and department.
  const auto token_create = [&](std::vector<std::string> extra, const std::string& input) {
    std::vector<std::string> args = {"token", "create", "--db", database_->conninfo(), "--user", "bo@kk.dk"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunOmbudsflow(args, input);
  };
  auto unproven = token_create({}, "");
  EXPECT_EQ(unproven.exit_code, 2);
  EXPECT_THAT(unproven.err, HasSubstr("issued by that person alone"));
  auto wrong = token_create({"--password-stdin"}, "not bo's password at all\n");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens"), 0);
  auto token = token_create({"--password-stdin"}, "correct horse battery staple\n");
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_THAT(token.out, HasSubstr("created department token"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id"
                              " WHERE u.email = 'bo@kk.dk' AND t.role = 'department' AND t.department = 'BUF'"
                              " AND t.issued_by = 'user:' || u.id"),
            1);
  EXPECT_EQ(token_create({"--password-stdin", "--role", "administrator"}, "correct horse battery staple\n").exit_code,
            2);
  const std::string id = database_->Text("SELECT id::text FROM users WHERE email = 'bo@kk.dk'");
  database_->Execute("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('" +
                     std::string(64, 'a') + "', '" + id + "', now(), now(), now() + interval '1 hour')");

  auto deactivated = User({"deactivate", "--user", "bo@kk.dk"});
  ASSERT_EQ(deactivated.exit_code, 0) << deactivated.err;
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  EXPECT_THAT(User({"list"}).out, HasSubstr("  deactivated "));
  EXPECT_EQ(User({"deactivate", "--user", "bo@kk.dk"}).exit_code, 1);
  EXPECT_EQ(User({"set-password", "--user", "bo@kk.dk", "--random-password"}).exit_code, 1);
  EXPECT_EQ(User({"deactivate", "--user", "nobody@kk.dk"}).exit_code, 1);
}

}  // namespace
}  // namespace ombudsflow::testing
