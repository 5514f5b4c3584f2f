// Local sign-in and web sessions over real sockets: the cookie, CSRF, the
// timeouts, sign-out, and the limits on guessing passwords.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <google/protobuf/util/json_util.h>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/server_process.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPassword = "correct horse battery staple";

class SessionTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    // Ten minutes of trust in a session seen: only the database's
    // notification of its end can end it sooner.
    return {"--sign-in-failures", "3", "--sign-in-address-failures", "6", "--session-cache-seconds", "300"};
  }

  void SetUp() override {
    ServerFixture::SetUp();
    for (Role role : {Role::kCaseworker, Role::kDepartment}) SetPassword(user_ids_.at(role), kPassword);
  }

  HttpResponse SignIn(const std::string& email, const std::string& password) {
    return SendHttp(server_->port(), verb::post, "/v1/sessions",
                    R"({"email": ")" + email + R"(", "password": ")" + password + R"("})",
                    {{"Content-Type", "application/json"}});
  }

  // The cookie a sign-in set, as a browser sends it back, and its CSRF token.
  struct Browser {
    std::string cookie;
    std::string csrf;
  };
  Browser SignedIn(const std::string& email) {
    auto response = SignIn(email, kPassword);
    EXPECT_EQ(response.result(), status::created) << response.body();
    const std::string set_cookie(response[http::field::set_cookie]);
    v1::Session session;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &session).ok());
    return {set_cookie.substr(0, set_cookie.find(';')), session.csrf_token()};
  }

  HttpResponse As(const Browser& browser, verb method, const std::string& target, const std::string& body = {},
                  std::map<std::string, std::string> headers = {}) {
    headers.emplace("Cookie", "theme=dark; " + browser.cookie);
    if (!body.empty()) headers.emplace("Content-Type", "application/json");
    return SendHttp(server_->port(), method, target, body, headers);
  }

  // Whether `browser` is refused by the server on `port` within three
  // seconds: an ended session is forgotten once the notification arrives.
  bool RefusedSoon(const Browser& browser, unsigned short port) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (true) {
      const auto answer = SendHttp(port, verb::get, "/v1/complaints", {}, {{"Cookie", browser.cookie}}).result();
      if (answer == status::unauthorized) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::string ErrorMessage(const HttpResponse& response) {
    v1::Error error;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &error).ok()) << response.body();
    return error.message();
  }
};

TEST_F(SessionTest, ASignInSetsAnHttpOnlyCookieAndTheSessionActsAsThePerson) {
  auto response = SignIn("CASEWORKER@test.example", kPassword);
  ASSERT_EQ(response.result(), status::created) << response.body();
  const std::string cookie(response[http::field::set_cookie]);
  EXPECT_THAT(cookie, ::testing::MatchesRegex("ombudsflow_session=ofs_[0-9a-f]{64}; Path=/; Max-Age=36000; "
                                              "HttpOnly; SameSite=Lax"));
  EXPECT_EQ(response[http::field::cache_control], "no-store");
  const std::string id = cookie.substr(cookie.find('=') + 1, 68);
  // The session id is in the cookie only; the database keeps its hash.
  EXPECT_THAT(response.body(), Not(HasSubstr(id)));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions WHERE id_hash = encode(sha256('" + id + "'), 'hex')"), 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions WHERE id_hash LIKE '%" + id.substr(4, 20) + "%'"), 0);
  v1::Session session;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &session).ok());
  EXPECT_EQ(session.user_id(), user_ids_.at(Role::kCaseworker));
  EXPECT_EQ(session.role(), "caseworker");
  EXPECT_EQ(session.email(), "caseworker@test.example");
  EXPECT_EQ(session.csrf_token().size(), 64u);

  const Browser browser{cookie.substr(0, cookie.find(';')), session.csrf_token()};
  EXPECT_EQ(As(browser, verb::get, "/v1/complaints").result(), status::ok);
  auto current = As(browser, verb::get, "/v1/sessions/current");
  ASSERT_EQ(current.result(), status::ok);
  EXPECT_THAT(current.body(), HasSubstr(session.csrf_token()));

  // What it records names the person.
  auto created = As(browser, verb::post, "/v1/complaints", kValidIntakeJson, {{"X-CSRF-Token", browser.csrf}});
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE actor = 'user:" +
                              user_ids_.at(Role::kCaseworker) + "'"),
            1);
}

TEST_F(SessionTest, TheWorkplacesIntakeFormPostedTwiceRegistersOneComplaint) {
  const Browser browser = SignedIn("caseworker@test.example");
  const std::string form = FormBody({{"_csrf", browser.csrf}, {"idempotency_key", "web-0123456789abcdef"},
                                     {"channel", "LETTER"}, {"complainant.name", "Jens Hansen"},
                                     {"complainant.email", "jens@example.com"}, {"department", "BUF"},
                                     {"subject", "Svar på ansøgning"}, {"description", "Intet svar."}});
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto first = As(browser, verb::post, "/intake", form, headers);
  ASSERT_EQ(first.result(), status::see_other) << first.body();
  // A double click, or a resend after a timeout: the same case's page.
  auto second = As(browser, verb::post, "/intake", form, headers);
  ASSERT_EQ(second.result(), status::see_other) << second.body();
  EXPECT_EQ(second[http::field::location], first[http::field::location]);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 1);
  // Another person's form with the same key is their own.
  SetPassword(user_ids_.at(Role::kOmbudsman), kPassword);
  const Browser other = SignedIn("ombudsman@test.example");
  const std::string other_form = FormBody({{"_csrf", other.csrf}, {"idempotency_key", "web-0123456789abcdef"},
                                           {"channel", "LETTER"}, {"complainant.name", "Jens Hansen"},
                                           {"complainant.email", "jens@example.com"}, {"department", "BUF"},
                                           {"subject", "Svar på ansøgning"}, {"description", "Intet svar."}});
  EXPECT_EQ(As(other, verb::post, "/intake", other_form, headers).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 2);
}

TEST_F(SessionTest, ACookieWithoutTheCsrfTokenChangesNothing) {
  const Browser browser = SignedIn("caseworker@test.example");
  const long long rows = RowsWritten();
  auto without = As(browser, verb::post, "/v1/complaints", kValidIntakeJson);
  EXPECT_EQ(without.result(), status::forbidden);
  EXPECT_THAT(ErrorMessage(without), HasSubstr("CSRF"));
  auto wrong = As(browser, verb::post, "/v1/complaints", kValidIntakeJson, {{"X-CSRF-Token", std::string(64, '0')}});
  EXPECT_EQ(wrong.result(), status::forbidden);
  // Another session's token is no good either.
  const Browser other = SignedIn("caseworker@test.example");
  auto crossed = As(browser, verb::post, "/v1/complaints", kValidIntakeJson, {{"X-CSRF-Token", other.csrf}});
  EXPECT_EQ(crossed.result(), status::forbidden);
  EXPECT_EQ(RowsWritten(), rows);
  // Reading needs none.
  EXPECT_EQ(As(browser, verb::get, "/v1/complaints").result(), status::ok);
}

TEST_F(SessionTest, ASessionCarriesThePersonsRoleAndDepartment) {
  const Browser department = SignedIn("department@test.example");
  EXPECT_EQ(As(department, verb::get, "/v1/complaints").result(), status::forbidden);
  EXPECT_EQ(As(department, verb::get, "/v1/notices").result(), status::ok);
  auto current = As(department, verb::get, "/v1/sessions/current");
  EXPECT_THAT(current.body(), HasSubstr(R"("department":"BUF")"));
}

TEST_F(SessionTest, SignOutEndsTheSessionOnTheServer) {
  const Browser browser = SignedIn("caseworker@test.example");
  EXPECT_EQ(As(browser, verb::delete_, "/v1/sessions/current").result(), status::forbidden);  // no CSRF token
  auto out = As(browser, verb::delete_, "/v1/sessions/current", {}, {{"X-CSRF-Token", browser.csrf}});
  ASSERT_EQ(out.result(), status::no_content);
  EXPECT_THAT(std::string(out[http::field::set_cookie]), HasSubstr("ombudsflow_session=; Path=/; Max-Age=0"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  // The old cookie, replayed, is worth nothing.
  EXPECT_EQ(As(browser, verb::get, "/v1/complaints").result(), status::unauthorized);
  // A token has no session to end.
  EXPECT_EQ(Send(verb::delete_, "/v1/sessions/current", Role::kCaseworker).result(), status::bad_request);
}

TEST_F(SessionTest, IdleAndAbsoluteTimeoutsAndDeactivationEndSessions) {
  const Browser idle = SignedIn("caseworker@test.example");
  database_->Execute("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
  EXPECT_EQ(As(idle, verb::get, "/v1/complaints").result(), status::unauthorized);

  const Browser old = SignedIn("caseworker@test.example");
  database_->Execute("UPDATE sessions SET created_at = now() - interval '11 hours', expires_at = now() - interval '1 hour'"
                     " WHERE last_seen_at > now() - interval '1 minute'");
  EXPECT_EQ(As(old, verb::get, "/v1/complaints").result(), status::unauthorized);

  // Each sign-in clears the ended sessions away (the idle one went with the
  // last sign-in, the expired one goes with this).
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions WHERE expires_at < now()"), 1);
  const Browser leaving = SignedIn("caseworker@test.example");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 1);
  ASSERT_EQ(As(leaving, verb::get, "/v1/complaints").result(), status::ok);
  database_->Execute("UPDATE users SET active = false, deactivated_at = now() WHERE email = 'caseworker@test.example'");
  EXPECT_TRUE(RefusedSoon(leaving, server_->port()));
  EXPECT_EQ(SignIn("caseworker@test.example", kPassword).result(), status::unauthorized);
}

// Servers remember a session they have seen; ending it anywhere, or
// changing its person, makes every server forget it at once.
TEST_F(SessionTest, AnEndedSessionIsRefusedAtOnceByTwoServersThatRememberedIt) {
  auto second = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
  const auto both_accept = [&](const Browser& browser) {
    for (unsigned short port : {server_->port(), second->port()}) {
      if (SendHttp(port, verb::get, "/v1/complaints", {}, {{"Cookie", browser.cookie}}).result() != status::ok) {
        return false;
      }
    }
    return true;
  };
  // Signed out on one server: the other, which remembered it, refuses it.
  const Browser leaving = SignedIn("caseworker@test.example");
  ASSERT_TRUE(both_accept(leaving));
  ASSERT_EQ(As(leaving, verb::delete_, "/v1/sessions/current", {}, {{"X-CSRF-Token", leaving.csrf}}).result(),
            status::no_content);
  EXPECT_EQ(As(leaving, verb::get, "/v1/complaints").result(), status::unauthorized) << "the server signed out on";
  EXPECT_TRUE(RefusedSoon(leaving, second->port()));

  // Deleted in SQL (as the sweep does): both forget it.
  const Browser swept = SignedIn("caseworker@test.example");
  ASSERT_TRUE(both_accept(swept));
  database_->Execute("DELETE FROM sessions");
  EXPECT_TRUE(RefusedSoon(swept, server_->port()));
  EXPECT_TRUE(RefusedSoon(swept, second->port()));

  // The person's role changes: the session is read afresh, as the new role.
  const Browser moved = SignedIn("caseworker@test.example");
  ASSERT_TRUE(both_accept(moved));
  database_->Execute("UPDATE users SET role = 'administrator' WHERE email = 'caseworker@test.example'");
  for (unsigned short port : {server_->port(), second->port()}) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    auto answer = status::ok;
    while (answer == status::ok && std::chrono::steady_clock::now() < deadline) {
      answer = SendHttp(port, verb::get, "/v1/complaints", {}, {{"Cookie", moved.cookie}}).result();
      if (answer == status::ok) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(answer, status::forbidden) << "an administrator reads no complaint, on port " << port;
  }
}

TEST_F(SessionTest, WrongPasswordsAreOneAnswerAndTooManyLockTheAccountForAWhile) {
  auto wrong = SignIn("caseworker@test.example", "not the password at all");
  auto unknown = SignIn("nobody@test.example", kPassword);
  auto no_password = SignIn("ombudsman@test.example", kPassword);  // an OIDC-only account
  for (const auto* response : {&wrong, &unknown, &no_password}) {
    EXPECT_EQ(response->result(), status::unauthorized);
    EXPECT_EQ(ErrorMessage(*response), "the e-mail address or the password is wrong");
    EXPECT_TRUE((*response)[http::field::set_cookie].empty());
  }
  EXPECT_EQ(SignIn("caseworker@test.example", "still not it, sorry").result(), status::unauthorized);
  EXPECT_EQ(SignIn("caseworker@test.example", "third wrong guess here").result(), status::unauthorized);
  // Three wrong: now even the right password waits.
  auto locked = SignIn("caseworker@test.example", kPassword);
  EXPECT_EQ(locked.result(), status::too_many_requests);
  EXPECT_EQ(locked[http::field::retry_after], "900");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  // Another account is not locked by it...
  EXPECT_EQ(SignIn("department@test.example", kPassword).result(), status::created);
  // ...until the address itself has failed too often (six, over all accounts).
  EXPECT_EQ(SignIn("department@test.example", "a wrong password, once").result(), status::unauthorized);
  EXPECT_EQ(SignIn("department@test.example", kPassword).result(), status::too_many_requests);
  // The window passes: the account may try again.
  database_->Execute("UPDATE sign_in_failures SET window_started_at = now() - interval '16 minutes'");
  EXPECT_EQ(SignIn("caseworker@test.example", kPassword).result(), status::created);
}

// The review's dodge: the counter lower-cased in ASCII, the lookup with
// PostgreSQL's lower(), so another spelling of a locked account had a fresh
// counter and signed in. One form (NFKC_Casefold) serves both now.
TEST_F(SessionTest, AnotherUnicodeSpellingOfALockedAccountIsTheSameAccount) {
  SetPassword(user_ids_.at(Role::kAdministrator), kPassword);
  for (const char* wrong : {"wrong guess number 1", "wrong guess number 2", "wrong guess number 3"}) {
    ASSERT_EQ(SignIn("caseworker@test.example", wrong).result(), status::unauthorized);
    ASSERT_EQ(SignIn("administrator@test.example", wrong).result(), status::unauthorized);
  }
  ASSERT_EQ(SignIn("caseworker@test.example", kPassword).result(), status::too_many_requests);
  ASSERT_EQ(SignIn("administrator@test.example", kPassword).result(), status::too_many_requests);
  // The Kelvin sign folds to "k": the same account, so the same count.
  EXPECT_EQ(SignIn("casewor\\u212Aer@test.example", kPassword).result(), status::too_many_requests);
  EXPECT_EQ(SignIn("CASEWORKER@TEST.EXAMPLE", kPassword).result(), status::too_many_requests);
  // A dotted capital I folds to "i" with a dot above: nobody's address.
  EXPECT_EQ(SignIn("admin\\u0130strator@test.example", kPassword).result(), status::unauthorized);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
}

// Attempts are counted before the password is checked: of 30 concurrent
// wrong passwords at one account, only the allowed five are checked (401);
// the rest are refused unchecked (429).
class SignInDefaultsTest : public SessionTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {}; }
};

TEST_F(SignInDefaultsTest, ThirtyConcurrentWrongPasswordsHaveAtMostFiveChecked) {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::map<unsigned, int> answers;
  for (int i = 0; i < 30; ++i) {
    threads.emplace_back([&, i] {
      const auto answer = SignIn("caseworker@test.example", "wrong password number " + std::to_string(i)).result();
      std::lock_guard lock(mutex);
      ++answers[static_cast<unsigned>(answer)];
    });
  }
  for (auto& thread : threads) thread.join();
  // (Fewer than five may be checked when the password hasher is busy: it
  // refuses with 429 too, unchecked.)
  const int checked = answers[static_cast<unsigned>(status::unauthorized)];
  EXPECT_GE(checked, 1);
  EXPECT_LE(checked, 5);
  EXPECT_EQ(checked + answers[static_cast<unsigned>(status::too_many_requests)], 30);
  // Refused attempts are no guesses: the address may still sign in another.
  EXPECT_EQ(SignIn("department@test.example", kPassword).result(), status::created);
}

// A right password costs Argon2id as much as a wrong one: an account signs
// in a bounded number of times in the window.
class SignInSuccessLimitTest : public SessionTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--sign-in-successes", "3"}; }
};

TEST_F(SignInSuccessLimitTest, AnAccountSignsInABoundedNumberOfTimes) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(SignIn("caseworker@test.example", kPassword).result(), status::created);
  auto refused = SignIn("caseworker@test.example", kPassword);
  EXPECT_EQ(refused.result(), status::too_many_requests);
  EXPECT_EQ(refused[http::field::retry_after], "900");
  EXPECT_EQ(SignIn("department@test.example", kPassword).result(), status::created);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 4);
}

TEST_F(SessionTest, BadSignInBodiesGetClearErrors) {
  EXPECT_EQ(SendHttp(server_->port(), verb::post, "/v1/sessions", "{", {{"Content-Type", "application/json"}}).result(),
            status::bad_request);
  EXPECT_EQ(SendHttp(server_->port(), verb::post, "/v1/sessions", R"({"email": "a@b.c", "pin": 1})",
                     {{"Content-Type", "application/json"}})
                .result(),
            status::bad_request);
  EXPECT_EQ(SignIn("caseworker@test.example", std::string(129, 'x')).result(), status::bad_request);
  EXPECT_EQ(SignIn(std::string(250, 'a') + "@test.example", kPassword).result(), status::bad_request);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  // A forged or foreign cookie is a 401, not a crash.
  const std::vector<std::string> forged = {"ombudsflow_session=", "ombudsflow_session=ofs_zz",
                                          "ombudsflow_session=ofs_" + std::string(64, 'a'),
                                          "ombudsflow_session=" + std::string(5000, 'a')};
  for (const std::string& cookie : forged) {
    EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/complaints", {}, {{"Cookie", cookie}}).result(),
              status::unauthorized);
  }
}

class SecureCookieTest : public SessionTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--secure-cookies"}; }
};

TEST_F(SecureCookieTest, BehindTlsTheCookieIsSecure) {
  auto response = SignIn("caseworker@test.example", kPassword);
  ASSERT_EQ(response.result(), status::created);
  EXPECT_THAT(std::string(response[http::field::set_cookie]), HasSubstr("; HttpOnly; SameSite=Lax; Secure"));
}

}  // namespace
}  // namespace ombudsflow::testing
