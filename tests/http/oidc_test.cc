// Sign-in with OpenID Connect against a real provider on loopback
// (npm oidc-provider, OpenID Certified): the authorization code flow with
// PKCE, a refused stranger, ID tokens that are tampered with, expired, for
// another audience or issuer, with another sign-in's nonce or no signature,
// a replayed state, and sign-out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include <map>

#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "tests/support/oidc_provider.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class OidcTest : public ServerFixture {
 protected:
  void SetUp() override {
    provider_ = OidcProvider::Start();
    ServerFixture::SetUp();
    anne_ = CreateUser(Role::kCaseworker, "anne@kk.dk");
    provider_->AddAccount("sub-anne", "anne@kk.dk", "Anne Jurist");
    provider_->AddAccount("sub-mallory", "mallory@example.com", "Mallory");
  }

  std::vector<std::string> ServerArgs() const override {
    setenv("OMBUDSFLOW_OIDC_CLIENT_SECRET", OidcProvider::kClientSecret, 1);
    return {"--oidc-issuer", provider_->issuer(), "--oidc-client-id", OidcProvider::kClientId};
  }

  // The browser's part: start at our server, follow the provider's
  // redirects with its cookies, and stop at the callback to our server.
  // `binding` gets the cookie our server set when the sign-in started.
  std::string CallbackTarget(const std::string& sub, std::string* binding = nullptr) {
    provider_->NextLogin(sub);
    auto start = SendHttp(server_->port(), verb::get, "/v1/auth/oidc/login");
    EXPECT_EQ(start.result(), status::found) << start.body();
    const std::string ours(start[http::field::set_cookie]);
    EXPECT_THAT(ours, StartsWith("ombudsflow_oidc="));
    EXPECT_THAT(ours, HasSubstr("; HttpOnly; SameSite=Lax"));
    if (binding != nullptr) *binding = ours.substr(0, ours.find(';'));
    std::string location(start[http::field::location]);
    EXPECT_THAT(location, HasSubstr("code_challenge_method=S256"));
    EXPECT_THAT(location, HasSubstr("&nonce="));
    return provider_->FollowToClient(location, server_->port());
  }

  HttpResponse SignIn(const std::string& sub) {
    std::string binding;
    const std::string target = CallbackTarget(sub, &binding);
    return SendHttp(server_->port(), verb::get, target, {}, {{"Cookie", binding}});
  }

  std::string Message(const HttpResponse& response) {
    v1::Error error;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &error).ok()) << response.body();
    return error.message();
  }

  std::unique_ptr<OidcProvider> provider_;
  std::string anne_;
};

TEST_F(OidcTest, AKnownPersonSignsInFirstByEmailThenBySubject) {
  auto signed_in = SignIn("sub-anne");
  ASSERT_EQ(signed_in.result(), status::see_other) << signed_in.body();
  EXPECT_EQ(signed_in[http::field::location], "/");
  const std::string set_cookie(signed_in[http::field::set_cookie]);
  EXPECT_THAT(set_cookie, StartsWith("ombudsflow_session=ofs_"));
  EXPECT_THAT(set_cookie, HasSubstr("; HttpOnly; SameSite=Lax"));
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto current = SendHttp(server_->port(), verb::get, "/v1/sessions/current", {}, {{"Cookie", cookie}});
  ASSERT_EQ(current.result(), status::ok);
  v1::Session session;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(current.body(), &session).ok());
  EXPECT_EQ(session.user_id(), anne_);
  EXPECT_EQ(session.role(), "caseworker");
  EXPECT_EQ(database_->Text("SELECT oidc_subject FROM users WHERE id = '" + anne_ + "'"), "sub-anne");

  // Later sign-ins find her by `sub`, whatever her e-mail becomes.
  database_->Execute("UPDATE users SET email = 'anne.jurist@kk.dk' WHERE id = '" + anne_ + "'");
  EXPECT_EQ(SignIn("sub-anne").result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions WHERE user_id = '" + anne_ + "'"), 2);
}

TEST_F(OidcTest, SomeoneWithoutAnAccountIsRefusedAndNoAccountIsMade) {
  const long long users = database_->Scalar("SELECT count(*) FROM users");
  auto refused = SignIn("sub-mallory");
  EXPECT_EQ(refused.result(), status::forbidden) << refused.body();
  EXPECT_THAT(Message(refused), HasSubstr("no account"));
  EXPECT_TRUE(refused[http::field::set_cookie].empty());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users"), users);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  // A deactivated person is a stranger too, by `sub` as by e-mail.
  ASSERT_EQ(SignIn("sub-anne").result(), status::see_other);
  database_->Execute("UPDATE users SET active = false, deactivated_at = now() WHERE id = '" + anne_ + "'");
  EXPECT_EQ(SignIn("sub-anne").result(), status::forbidden);
}

TEST_F(OidcTest, EveryBadIdTokenIsRefused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tamper", "signature does not verify"},
      {"expired", "has expired"},
      {"audience", "another client"},
      {"issuer", "issued by someone else"},
      {"nonce", "nonce"},
      {"none", "algorithm"},
  };
  for (const auto& [mode, reason] : cases) {
    provider_->Mischief(mode);
    auto refused = SignIn("sub-anne");
    EXPECT_EQ(refused.result(), status::unauthorized) << mode << ": " << refused.body();
    EXPECT_THAT(Message(refused), HasSubstr(reason)) << mode;
    EXPECT_TRUE(refused[http::field::set_cookie].empty()) << mode;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM users WHERE oidc_subject IS NOT NULL"), 0);
  // And the honest token after them signs in.
  EXPECT_EQ(SignIn("sub-anne").result(), status::see_other);
}

TEST_F(OidcTest, AStateAnswersOnceAndAnUnknownOneNever) {
  std::string binding;
  const std::string callback = CallbackTarget("sub-anne", &binding);
  ASSERT_EQ(SendHttp(server_->port(), verb::get, callback, {}, {{"Cookie", binding}}).result(), status::see_other);
  auto replayed = SendHttp(server_->port(), verb::get, callback, {}, {{"Cookie", binding}});
  EXPECT_EQ(replayed.result(), status::unauthorized);
  EXPECT_THAT(Message(replayed), HasSubstr("unknown, expired or already used"));
  auto forged = SendHttp(server_->port(), verb::get, "/v1/auth/oidc/callback?code=abc&state=made-up-state");
  EXPECT_EQ(forged.result(), status::unauthorized);
  auto denied = SendHttp(server_->port(), verb::get, "/v1/auth/oidc/callback?error=access_denied&state=x");
  EXPECT_EQ(denied.result(), status::unauthorized);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 1);
}

// Login CSRF: a sign-in someone started (as themselves) cannot be finished
// in another browser, which would then be signed in as them.
TEST_F(OidcTest, ASignInFinishesOnlyInTheBrowserThatStartedIt) {
  std::string binding;
  const std::string callback = CallbackTarget("sub-anne", &binding);
  auto elsewhere = SendHttp(server_->port(), verb::get, callback);  // no cookie: another browser
  EXPECT_EQ(elsewhere.result(), status::unauthorized);
  EXPECT_THAT(Message(elsewhere), HasSubstr("another browser"));
  auto forged = SendHttp(server_->port(), verb::get, CallbackTarget("sub-anne"), {},
                         {{"Cookie", "ombudsflow_oidc=" + std::string(43, 'A')}});
  EXPECT_EQ(forged.result(), status::unauthorized);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
  // The state is used up by the attempt: the right browser must start again.
  EXPECT_EQ(SendHttp(server_->port(), verb::get, callback, {}, {{"Cookie", binding}}).result(), status::unauthorized);
}

TEST_F(OidcTest, SignOutEndsTheSessionOnTheServer) {
  auto signed_in = SignIn("sub-anne");
  ASSERT_EQ(signed_in.result(), status::see_other) << signed_in.body();
  const std::string set_cookie(signed_in[http::field::set_cookie]);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  v1::Session session;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  SendHttp(server_->port(), verb::get, "/v1/sessions/current", {}, {{"Cookie", cookie}}).body(), &session)
                  .ok());
  auto out = SendHttp(server_->port(), verb::delete_, "/v1/sessions/current", {},
                      {{"Cookie", cookie}, {"X-CSRF-Token", session.csrf_token()}});
  EXPECT_EQ(out.result(), status::no_content);
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/v1/complaints", {}, {{"Cookie", cookie}}).result(),
            status::unauthorized);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 0);
}

}  // namespace
}  // namespace ombudsflow::testing
