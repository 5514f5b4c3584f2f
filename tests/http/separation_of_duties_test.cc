// Separation of duties (issue #25, finding 2): credentials come from their
// owner. The administrator issues tokens to systems (departments) only and
// never chooses a password; a new account's person sets their own with a
// one-time link; a person issues their own tokens, signed in. Every token
// and account records who issued it, in admin_events too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/smtp_receiver.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using http::status;
using http::verb;

constexpr const char* kPassword = "separation of duties 2026";

// A signed-in browser: its session cookie and the session's CSRF token.
struct Browser {
  std::string cookie;
  std::string csrf;
};

// The first match of `pattern` in `text`, or "".
std::string Find(const std::string& text, const std::string& pattern) {
  std::string match;
  return re2::RE2::PartialMatch(text, "(" + pattern + ")", &match) ? match : std::string();
}

// The secret of the set-password link in a text, or "".
std::string LinkSecret(const std::string& text) {
  const std::string link = Find(text, "set-password\\?token=[0-9a-f]{64}");
  return link.empty() ? link : link.substr(link.size() - 64);
}

class SeparationOfDutiesTest : public ServerFixture {
 protected:
  SeparationOfDutiesTest() : smtp_(SmtpReceiver::Start()) {}

  std::vector<std::string> ServerArgs() const override { return {"--smtp-url", smtp_->Url()}; }

  // The secret of the newest set-password link e-mailed to `email`, or "".
  // The server sends it before it answers, so it is here by then.
  std::string MailedLinkSecret(const std::string& email) {
    std::string secret;
    for (int n = 1; std::filesystem::exists(smtp_->folder() / (std::to_string(n) + ".json")); ++n) {
      std::ifstream in(smtp_->folder() / (std::to_string(n) + ".json"));
      std::stringstream text;
      text << in.rdbuf();
      const auto mail = nlohmann::json::parse(text.str());
      if (mail["rcptTos"] != nlohmann::json::array({email})) continue;
      for (const auto& part : mail["parts"]) {
        if (auto found = LinkSecret(part["text"].get<std::string>()); !found.empty()) secret = found;
      }
    }
    return secret;
  }

  std::unique_ptr<SmtpReceiver> smtp_;

  // Signs `email` in with `password` over the API; nullopt when refused.
  std::optional<Browser> SignIn(const std::string& email, const std::string& password) {
    auto signed_in = SendHttp(server_->port(), verb::post, "/v1/sessions",
                              R"({"email": ")" + email + R"(", "password": ")" + password + R"("})",
                              {{"Content-Type", "application/json"}});
    if (signed_in.result() != status::created) return std::nullopt;
    const std::string cookie(signed_in[http::field::set_cookie]);
    v1::Session session;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(signed_in.body(), &session).ok());
    return Browser{cookie.substr(0, cookie.find(';')), session.csrf_token()};
  }

  // The person of `role` signed in (their password set at the operator's
  // shell, as a test's setup may).
  Browser SignedIn(Role role) {
    auto pool = database_->Connect();
    store::UserStore store(*pool);
    const service::SystemClock clock;
    const std::string email = std::string(RoleName(role)) + "@test.example";
    EXPECT_TRUE(service::UserService(store, clock).SetPassword(email, kPassword, "operator:test").has_value());
    auto browser = SignIn(email, kPassword);
    if (!browser) throw std::runtime_error("could not sign in as " + email);
    return *browser;
  }

  HttpResponse PostForm(const Browser& browser, const std::string& path,
                        std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("_csrf", browser.csrf);
    return SendHttp(server_->port(), verb::post, path, FormBody(fields),
                    {{"Cookie", browser.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
  }

  HttpResponse PostPublicForm(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) {
    return SendHttp(server_->port(), verb::post, path, FormBody(fields),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  }

  // Creates a person at /admin as the administrator; returns the page.
  HttpResponse CreatePerson(const Browser& admin, const std::string& email, const std::string& role,
                            std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"display_name", "New " + role}, {"email", email}, {"role", role}, {"department", ""}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    return PostForm(admin, "/admin/users", fields);
  }

  long long TokensOf(Role role) {
    return database_->Scalar("SELECT count(*) FROM api_tokens WHERE user_id = '" + user_ids_.at(role) + "'");
  }
};

TEST_F(SeparationOfDutiesTest, TheAdministratorCannotIssueATokenThatActsAsAPerson) {
  const Browser admin = SignedIn(Role::kAdministrator);
  const long long ombudsman_tokens = TokensOf(Role::kOmbudsman);
  const long long all_tokens = database_->Scalar("SELECT count(*) FROM api_tokens");

  // The form the page used to have: a token of the ombudsman's, by id.
  auto person = PostForm(admin, "/admin/tokens",
                         {{"kind", "person"}, {"person.user", user_ids_.at(Role::kOmbudsman)},
                          {"person.label", "mine now"}, {"person.lifetime", "30"}});
  EXPECT_EQ(person.result(), status::bad_request) << person.body();
  EXPECT_EQ(Find(person.body(), "ofk_[0-9a-f]{64}"), "");
  EXPECT_EQ(TokensOf(Role::kOmbudsman), ombudsman_tokens);

  // Nor a system that holds a person's role: none that approves, none that
  // reads personal data, none that administers.
  for (const char* role : {"ombudsman", "deputy", "caseworker", "administrator"}) {
    auto system = PostForm(admin, "/admin/tokens",
                           {{"system.name", "approval robot"}, {"system.role", role}, {"system.department", ""},
                            {"system.lifetime", "30"}});
    EXPECT_EQ(system.result(), status::bad_request) << role << ": " << system.body();
    EXPECT_EQ(Find(system.body(), "ofk_[0-9a-f]{64}"), "") << role;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens"), all_tokens);

  // A department's integration it may issue, recorded as its doing.
  auto department = PostForm(admin, "/admin/tokens",
                             {{"system.name", "BUF case system"}, {"system.role", "department"},
                              {"system.department", "BUF"}, {"system.lifetime", "30"}});
  ASSERT_EQ(department.result(), status::created) << department.body();
  const std::string token = Find(department.body(), "ofk_[0-9a-f]{64}");
  ASSERT_FALSE(token.empty());
  const std::string admin_actor = "user:" + user_ids_.at(Role::kAdministrator);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens t JOIN admin_events e ON e.token_id = t.id"
                              " WHERE t.name = 'BUF case system' AND t.user_id IS NULL AND t.issued_by = '" +
                              admin_actor + "' AND e.actor = t.issued_by AND e.action = 'token_issued'"),
            1);
  // With it, the citizen's personal data stays out of reach.
  auto read = SendHttp(server_->port(), verb::get, "/v1/complaints", {}, {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(read.result(), status::forbidden) << read.body();
}

TEST_F(SeparationOfDutiesTest, TheAdministratorCannotChooseAPersonsPassword) {
  const Browser admin = SignedIn(Role::kAdministrator);
  const std::string chosen = "the administrator's choice";
  auto created = CreatePerson(admin, "new.ombudsman@test.example", "ombudsman", {{"password", chosen}});
  ASSERT_EQ(created.result(), status::created) << created.body();
  // The link goes to the person, never to the administrator's page.
  EXPECT_THAT(created.body(), Not(HasSubstr("set-password?token=")));
  EXPECT_EQ(LinkSecret(created.body()), "");
  EXPECT_NE(MailedLinkSecret("new.ombudsman@test.example"), "");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users WHERE email = 'new.ombudsman@test.example'"
                              " AND password_hash IS NULL AND created_by = 'user:" +
                              user_ids_.at(Role::kAdministrator) + "'"),
            1);
  EXPECT_FALSE(SignIn("new.ombudsman@test.example", chosen).has_value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events e JOIN users u ON u.id = e.user_id"
                              " WHERE u.email = 'new.ombudsman@test.example' AND e.action = 'user_created'"
                              " AND e.actor = u.created_by"),
            1);
}

TEST_F(SeparationOfDutiesTest, ASetPasswordLinkWorksOnceAndNotAfterItExpires) {
  const Browser admin = SignedIn(Role::kAdministrator);
  auto created = CreatePerson(admin, "anne@test.example", "caseworker");
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string secret = MailedLinkSecret("anne@test.example");
  ASSERT_FALSE(secret.empty()) << created.body();
  const std::string path = "/set-password?token=" + secret;

  auto form = SendHttp(server_->port(), verb::get, path);
  ASSERT_EQ(form.result(), status::ok) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("anne@test.example"));

  // A password outside the rules is refused, and the link still works.
  auto short_one = PostPublicForm("/set-password", {{"token", secret}, {"password", "too short"}});
  EXPECT_EQ(short_one.result(), status::bad_request) << short_one.body();
  EXPECT_EQ(SendHttp(server_->port(), verb::get, path).result(), status::ok);

  const std::string chosen = "anne's own passphrase";
  auto set = PostPublicForm("/set-password", {{"token", secret}, {"password", chosen}});
  ASSERT_EQ(set.result(), status::ok) << set.body();
  EXPECT_TRUE(SignIn("anne@test.example", chosen).has_value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events e JOIN users u ON u.id = e.user_id"
                              " WHERE u.email = 'anne@test.example' AND e.action = 'password_set_by_link'"
                              " AND e.actor = 'user:' || u.id AND e.detail->>'link_issued_by' = u.created_by"),
            1);

  // Used once: never again, whoever holds it.
  auto again = PostPublicForm("/set-password", {{"token", secret}, {"password", "someone else's choice"}});
  EXPECT_EQ(again.result(), status::not_found) << again.body();
  EXPECT_EQ(SendHttp(server_->port(), verb::get, path).result(), status::not_found);
  EXPECT_FALSE(SignIn("anne@test.example", "someone else's choice").has_value());
  EXPECT_TRUE(SignIn("anne@test.example", chosen).has_value());

  // An expired link sets nothing.
  auto late = CreatePerson(admin, "bo@test.example", "deputy");
  ASSERT_EQ(late.result(), status::created) << late.body();
  const std::string late_secret = MailedLinkSecret("bo@test.example");
  ASSERT_FALSE(late_secret.empty()) << late.body();
  database_->Execute("UPDATE password_links SET created_at = now() - interval '73 hours',"
                     " expires_at = now() - interval '1 hour' WHERE token_hash = encode(sha256('" + late_secret +
                     "'), 'hex')");
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/set-password?token=" + late_secret).result(), status::not_found);
  auto expired = PostPublicForm("/set-password", {{"token", late_secret}, {"password", "bo's own passphrase"}});
  EXPECT_EQ(expired.result(), status::not_found) << expired.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users WHERE email = 'bo@test.example' AND password_hash IS NULL"),
            1);
  // A made-up link is the same as a used one.
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/set-password?token=" + std::string(64, 'a')).result(),
            status::not_found);

  // The administrator sends Bo a new one: to Bo, not to the page.
  const std::string bo = database_->Text("SELECT id FROM users WHERE email = 'bo@test.example'");
  auto resent = PostForm(admin, "/admin/users/" + bo + "/password-link", {});
  ASSERT_EQ(resent.result(), status::ok) << resent.body();
  EXPECT_EQ(LinkSecret(resent.body()), "");
  const std::string new_secret = MailedLinkSecret("bo@test.example");
  ASSERT_FALSE(new_secret.empty());
  EXPECT_NE(new_secret, late_secret);
  auto chosen_by_bo = PostPublicForm("/set-password", {{"token", new_secret}, {"password", "bo's own passphrase"}});
  EXPECT_EQ(chosen_by_bo.result(), status::ok) << chosen_by_bo.body();
  EXPECT_TRUE(SignIn("bo@test.example", "bo's own passphrase").has_value());
}

// Without a mail server the administrator is told to ask operations; the
// link is still never on the page.
class SeparationWithoutMailTest : public SeparationOfDutiesTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {}; }
};

TEST_F(SeparationWithoutMailTest, ANewAccountsLinkIsNeverShownToTheAdministrator) {
  const Browser admin = SignedIn(Role::kAdministrator);
  auto created = CreatePerson(admin, "cai@test.example", "caseworker");
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_EQ(LinkSecret(created.body()), "");
  EXPECT_THAT(created.body(), HasSubstr("ombudsflow user invite"));
  EXPECT_EQ(MailedLinkSecret("cai@test.example"), "");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM password_links l JOIN users u ON u.id = l.user_id"
                              " WHERE u.email = 'cai@test.example'"),
            1);
}

TEST_F(SeparationOfDutiesTest, APersonIssuesTheirOwnTokenSignedInAndNeverWithAnotherToken) {
  const Browser caseworker = SignedIn(Role::kCaseworker);
  auto issued = PostForm(caseworker, "/me/tokens", {{"label", "my intake script"}, {"lifetime", "30"}});
  ASSERT_EQ(issued.result(), status::created) << issued.body();
  const std::string token = Find(issued.body(), "ofk_[0-9a-f]{64}");
  ASSERT_FALSE(token.empty());
  auto read = SendHttp(server_->port(), verb::get, "/v1/complaints", {}, {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(read.result(), status::ok) << read.body();
  const std::string self = "user:" + user_ids_.at(Role::kCaseworker);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens WHERE name = 'my intake script' AND role = 'caseworker'"
                              " AND user_id = '" + user_ids_.at(Role::kCaseworker) + "' AND issued_by = '" + self + "'"),
            1);
  auto mine = SendHttp(server_->port(), verb::get, "/me/tokens", {}, {{"Cookie", caseworker.cookie}});
  ASSERT_EQ(mine.result(), status::ok);
  EXPECT_THAT(mine.body(), HasSubstr("my intake script"));
  EXPECT_THAT(mine.body(), Not(HasSubstr(token)));

  // A token begets no token.
  const long long before = database_->Scalar("SELECT count(*) FROM api_tokens");
  auto by_token = SendHttp(server_->port(), verb::post, "/me/tokens", "label=more&lifetime=30",
                           {{"Authorization", "Bearer " + token}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(by_token.result(), status::forbidden) << by_token.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens"), before);

  // One's own token one may revoke; another's is not there.
  const std::string id = database_->Text("SELECT id::text FROM api_tokens WHERE name = 'my intake script'");
  const std::string theirs =
      database_->Text("SELECT id::text FROM api_tokens WHERE user_id = '" + user_ids_.at(Role::kOmbudsman) + "'");
  EXPECT_EQ(PostForm(caseworker, "/me/tokens/" + theirs + "/revoke", {}).result(), status::not_found);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM api_tokens WHERE id = '" + theirs + "' AND revoked_at IS NULL"), 1);
  EXPECT_EQ(PostForm(caseworker, "/me/tokens/" + id + "/revoke", {}).result(), status::see_other);
  // Every server hears of it (NOTIFY); within seconds at most.
  status after = status::ok;
  for (int i = 0; i < 50 && after != status::unauthorized; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = SendHttp(server_->port(), verb::get, "/v1/complaints", {}, {{"Authorization", "Bearer " + token}}).result();
  }
  EXPECT_EQ(after, status::unauthorized);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM admin_events WHERE action = 'token_revoked' AND actor = '" + self +
                              "' AND token_id = '" + id + "'"),
            1);
}

}  // namespace
}  // namespace ombudsflow::testing
