// Citizens sign in with MitID (the municipality's OpenID Connect broker;
// here the test provider, npm oidc-provider, on loopback): at the complaint
// form, so the case is recorded as theirs, and at Min sag, where they find
// their cases again with no e-mail link. Only their own cases open; a
// sign-in tampered with, finished in another browser, begun for another
// door or replayed opens nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "tests/support/oidc_provider.h"
#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class CitizenMitidTest : public ServerFixture {
 protected:
  void SetUp() override {
    provider_ = OidcProvider::Start();
    ServerFixture::SetUp();
    provider_->AddAccount("sub-karen", "", "Karen Kanariefugl");
    provider_->AddAccount("sub-ole", "", "Ole Nabo");
    provider_->AddAccount("sub-anne", "anne@kk.dk", "Anne Jurist");
  }

  std::vector<std::string> ServerArgs() const override {
    setenv("OMBUDSFLOW_CITIZEN_OIDC_CLIENT_SECRET", OidcProvider::kClientSecret, 1);
    setenv("OMBUDSFLOW_OIDC_CLIENT_SECRET", OidcProvider::kClientSecret, 1);
    // Staff sign in at the same provider: a sign-in begun for them must
    // never complete at the citizens' callback.
    return {"--complaint-form-min-seconds", "0",       "--citizen-oidc-issuer", provider_->issuer(),
            "--citizen-oidc-client-id",     OidcProvider::kClientId, "--oidc-issuer", provider_->issuer(),
            "--oidc-client-id",             OidcProvider::kClientId};
  }

  // The form answered up to "who are you", which the browser shows.
  void AnswerUpToAboutYou(Browser& browser, const std::string& subject) {
    ASSERT_EQ(browser.Get("/klage/forvaltning").result(), status::ok);
    ASSERT_EQ(browser.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
    ASSERT_EQ(browser.Post("/klage/hvad-skete", {{"subject", subject}, {"what_happened", "Ingen svar i to måneder"}})
                  .result(),
              status::see_other);
    ASSERT_EQ(browser.Post("/klage/svar", {{"department_answer", "no_reply"}}).result(), status::see_other);
    ASSERT_EQ(browser.Post("/klage/dokumenter", {}).result(), status::see_other);
    ASSERT_EQ(browser.last().result(), status::ok);
    ASSERT_THAT(browser.last().body(), HasSubstr("Hvem er du"));
  }

  // Out to the broker and back: `start` is our answer that sent the
  // browser there; the callback's answer.
  HttpResponse ThroughBroker(Browser& browser, const HttpResponse& start, const std::string& sub) {
    EXPECT_EQ(start.result(), status::see_other) << start.body();
    const std::string location(start[http::field::location]);
    EXPECT_THAT(location, StartsWith(provider_->issuer()));
    EXPECT_THAT(location, HasSubstr("scope=openid%20profile&"));  // a name, nothing else
    EXPECT_THAT(browser.Cookie("ombudsflow_mitid_login"), Not(::testing::IsEmpty()));
    provider_->NextLogin(sub);
    const std::string callback = provider_->FollowToClient(location, server_->port());
    EXPECT_THAT(callback, StartsWith("/mitid/callback?"));
    return browser.Get(callback);
  }

  // A complaint sent from the form by `sub` signed in with MitID; its id.
  std::string ComplainWithMitid(const std::string& sub, const std::string& subject) {
    Browser browser(server_->port());
    AnswerUpToAboutYou(browser, subject);
    const HttpResponse back = ThroughBroker(browser, browser.Get("/klage/mitid"), sub);
    EXPECT_EQ(back.result(), status::see_other) << back.body();
    EXPECT_EQ(back[http::field::location], "/klage/dig");
    const auto page = browser.Get("/klage/dig");
    EXPECT_THAT(page.body(), HasSubstr("Du er logget ind med MitID"));
    EXPECT_EQ(browser.Post("/klage/dig", {{"name", NameIn(page.body())}, {"phone", "12345678"}}).result(),
              status::see_other);
    EXPECT_EQ(browser.Post("/klage/behov", {}).result(), status::see_other);
    EXPECT_THAT(browser.last().body(), HasSubstr("Logget ind med MitID"));
    EXPECT_EQ(browser.Post("/klage/tjek", {}).result(), status::see_other);
    EXPECT_THAT(browser.last().body(), HasSubstr("Vi har modtaget din klage"));
    return database_->Text("SELECT id FROM complaints WHERE subject = '" + subject + "'");
  }

  static std::string NameIn(const std::string& page) {
    static const std::regex kName(R"re(id="name" name="name"[^>]*value="([^"]*)")re");
    std::smatch match;
    return std::regex_search(page, match, kName) ? std::string(match[1]) : std::string();
  }

  std::string CaseNumber(const std::string& id) {
    return database_->Text("SELECT case_number FROM complaints WHERE id = '" + id + "'");
  }

  std::unique_ptr<OidcProvider> provider_;
};

TEST_F(CitizenMitidTest, ACitizenWhoComplainedWithMitidFindsTheCaseOnMinSagWithoutALink) {
  Browser form(server_->port());
  AnswerUpToAboutYou(form, "Svar på ansøgning");
  // Offered beside the question, never required.
  EXPECT_THAT(form.last().body(), HasSubstr(R"(href="/klage/mitid")"));
  const std::string before = form.Cookie("ombudsflow_klage");
  const HttpResponse back = ThroughBroker(form, form.Get("/klage/mitid"), "sub-karen");
  ASSERT_EQ(back.result(), status::see_other) << back.body();
  // The draft moved to a new token with her identity: one planted before
  // names nothing.
  EXPECT_NE(form.Cookie("ombudsflow_klage"), before);
  Browser planted(server_->port());
  planted.SetCookie("ombudsflow_klage", before);
  EXPECT_THAT(planted.Get("/klage/dig").body(), Not(HasSubstr("Karen Kanariefugl")));
  const auto about_you = form.Get("/klage/dig");
  EXPECT_THAT(about_you.body(), HasSubstr("Du er logget ind med MitID som Karen Kanariefugl."));
  // MitID's name fills in the name, which the citizen may still change.
  EXPECT_EQ(NameIn(about_you.body()), "Karen Kanariefugl");
  EXPECT_THAT(about_you.body(), Not(HasSubstr(R"(href="/klage/mitid")")));
  ASSERT_EQ(form.Post("/klage/dig", {{"name", "Karen Kanariefugl"}, {"phone", "12345678"}}).result(),
            status::see_other);
  ASSERT_EQ(form.Post("/klage/behov", {}).result(), status::see_other);
  ASSERT_EQ(form.Post("/klage/tjek", {}).result(), status::see_other);
  const std::string id = database_->Text("SELECT id FROM complaints");
  // The case is hers by a hash of the broker and subject; the subject
  // itself is kept nowhere, and the draft's answers are gone.
  const std::string hash = database_->Text("SELECT subject_hash FROM citizen_identities WHERE complaint_id = '" +
                                           id + "'");
  EXPECT_THAT(hash, ::testing::MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(database_->Text("SELECT answers::text FROM complaint_form_drafts"), "{}");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE complainant_name = 'Karen Kanariefugl'"), 1);

  // Days later, on another device: Min sag's door offers MitID.
  Browser phone(server_->port());
  const auto door = phone.Get("/min-sag");
  EXPECT_THAT(door.body(), HasSubstr(R"(href="/min-sag/mitid")"));
  const HttpResponse signed_in = ThroughBroker(phone, phone.Get("/min-sag/mitid"), "sub-karen");
  ASSERT_EQ(signed_in.result(), status::see_other) << signed_in.body();
  EXPECT_EQ(signed_in[http::field::location], "/min-sag");  // one case: straight to it
  EXPECT_EQ(signed_in[http::field::cache_control], "private, no-store");
  const auto page = phone.Get("/min-sag");
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr(CaseNumber(id)));
  EXPECT_THAT(page.body(), HasSubstr("Se alle dine sager"));
  // A message from there reaches the case like one from an e-mail's link.
  ASSERT_EQ(phone.Post("/min-sag/besked", {{"text", "Jeg har fundet brevet"}, {"nonce", "n1"}}).result(),
            status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id +
                              "' AND is_message"),
            1);

  // Someone else with MitID finds none of it.
  Browser neighbour(server_->port());
  const HttpResponse none = ThroughBroker(neighbour, neighbour.Get("/min-sag/mitid"), "sub-ole");
  EXPECT_EQ(none.result(), status::ok);
  EXPECT_THAT(none.body(), HasSubstr("Vi fandt ingen sager"));
  EXPECT_EQ(neighbour.Cookie("ombudsflow_min_sag"), "");
  EXPECT_THAT(neighbour.Get("/min-sag").body(), Not(HasSubstr(CaseNumber(id))));

  // Signing out ends both, on the server too.
  const std::string signed_in_token = phone.Cookie("ombudsflow_mitid");
  ASSERT_EQ(phone.Get("/min-sag").result(), status::ok);  // the page's token
  ASSERT_EQ(phone.Post("/min-sag/log-ud", {}).result(), status::ok);
  EXPECT_EQ(phone.Cookie("ombudsflow_mitid"), "");
  EXPECT_THAT(phone.Get("/min-sag").body(), Not(HasSubstr(CaseNumber(id))));
  phone.SetCookie("ombudsflow_mitid", signed_in_token);
  EXPECT_EQ(phone.Get("/min-sag/mine-sager").result(), status::unauthorized);

  // Neither the subject, the name, nor the broker's code reaches the log.
  const std::string log = server_->Log();
  EXPECT_THAT(log, HasSubstr(R"("route":"/mitid/callback")"));
  EXPECT_THAT(log, Not(HasSubstr("sub-karen")));
  EXPECT_THAT(log, Not(HasSubstr("Kanariefugl")));
  EXPECT_THAT(log, Not(HasSubstr("code=")));
}

TEST_F(CitizenMitidTest, APersonWithSeveralCasesChoosesAmongThemAndOpensNoOneElses) {
  const std::string first = ComplainWithMitid("sub-karen", "Første klage");
  const std::string second = ComplainWithMitid("sub-karen", "Anden klage");
  const std::string others = ComplainWithMitid("sub-ole", "Naboens klage");
  ASSERT_EQ(database_->Scalar("SELECT count(*) FROM citizen_identities"), 3);

  Browser karen(server_->port());
  const HttpResponse signed_in = ThroughBroker(karen, karen.Get("/min-sag/mitid"), "sub-karen");
  ASSERT_EQ(signed_in.result(), status::see_other) << signed_in.body();
  EXPECT_EQ(signed_in[http::field::location], "/min-sag/mine-sager");
  EXPECT_EQ(karen.Cookie("ombudsflow_min_sag"), "");
  const auto list = karen.Get("/min-sag/mine-sager");
  ASSERT_EQ(list.result(), status::ok);
  EXPECT_THAT(list.body(), HasSubstr(CaseNumber(first)));
  EXPECT_THAT(list.body(), HasSubstr(CaseNumber(second)));
  EXPECT_THAT(list.body(), HasSubstr("Anden klage"));
  EXPECT_THAT(list.body(), Not(HasSubstr(CaseNumber(others))));
  EXPECT_THAT(list.body(), Not(HasSubstr("Naboens")));

  ASSERT_EQ(karen.Post("/min-sag/mine-sager/" + second, {}).result(), status::see_other);
  EXPECT_THAT(karen.last().body(), HasSubstr(CaseNumber(second)));
  // Another's case, or one opened without the list's token: refused, and
  // the case open stays hers.
  const std::string open_session = karen.Cookie("ombudsflow_min_sag");
  ASSERT_EQ(karen.Get("/min-sag/mine-sager").result(), status::ok);  // the list's token
  EXPECT_EQ(karen.Post("/min-sag/mine-sager/" + others, {}).result(), status::not_found);
  EXPECT_EQ(karen.Post("/min-sag/mine-sager/not-a-case", {}).result(), status::not_found);
  EXPECT_EQ(karen.Post("/min-sag/mine-sager/" + first, {}, /*with_csrf=*/false).result(), status::forbidden);
  EXPECT_EQ(karen.Cookie("ombudsflow_min_sag"), open_session);
  EXPECT_THAT(karen.Get("/min-sag").body(), Not(HasSubstr(CaseNumber(others))));

  // Signing out from the list ends the sign-in on the server too: the
  // token, kept by someone, lists nothing.
  const std::string signed_in_token = karen.Cookie("ombudsflow_mitid");
  const std::string case_token = karen.Cookie("ombudsflow_min_sag");
  ASSERT_EQ(karen.Get("/min-sag/mine-sager").result(), status::ok);
  EXPECT_EQ(karen.Post("/min-sag/mine-sager/log-ud", {}).result(), status::ok);
  EXPECT_EQ(karen.Cookie("ombudsflow_mitid"), "");
  EXPECT_EQ(karen.Cookie("ombudsflow_min_sag"), "");
  karen.SetCookie("ombudsflow_mitid", signed_in_token);
  karen.SetCookie("ombudsflow_min_sag", case_token);
  EXPECT_EQ(karen.Get("/min-sag/mine-sager").result(), status::unauthorized);
  EXPECT_THAT(karen.Get("/min-sag").body(), Not(HasSubstr(CaseNumber(second))));

  // A browser without the sign-in sees no list.
  Browser stranger(server_->port());
  EXPECT_EQ(stranger.Get("/min-sag/mine-sager").result(), status::unauthorized);
  stranger.SetCookie("ombudsflow_mitid", std::string(64, 'a'));
  EXPECT_EQ(stranger.Get("/min-sag/mine-sager").result(), status::unauthorized);
}

TEST_F(CitizenMitidTest, ASignInTamperedWithFinishedElsewhereBegunForStaffOrReplayedOpensNothing) {
  ComplainWithMitid("sub-karen", "Svar på ansøgning");
  const auto refused = [&](const HttpResponse& answer) {
    EXPECT_EQ(answer.result(), status::bad_request) << answer.body();
    EXPECT_THAT(answer.body(), HasSubstr("Log ind med MitID lykkedes ikke"));
  };

  // A token whose claims were changed after signing.
  Browser tampered(server_->port());
  provider_->Mischief("tamper");
  refused(ThroughBroker(tampered, tampered.Get("/min-sag/mitid"), "sub-karen"));
  EXPECT_EQ(tampered.Cookie("ombudsflow_mitid"), "");
  EXPECT_EQ(tampered.Cookie("ombudsflow_min_sag"), "");

  // Karen's callback finished in another browser (login CSRF), then
  // replayed in hers: both refused.
  Browser karen(server_->port());
  const auto start = karen.Get("/min-sag/mitid");
  provider_->NextLogin("sub-karen");
  const std::string callback =
      provider_->FollowToClient(std::string(start[http::field::location]), server_->port());
  Browser victim(server_->port());
  refused(victim.Get(callback));
  refused(karen.Get(callback));
  EXPECT_EQ(victim.Cookie("ombudsflow_min_sag"), "");

  // A member of staff's sign-in, brought to the citizens' callback with
  // its binding: it was begun for another door.
  auto staff = SendHttp(server_->port(), verb::get, "/v1/auth/oidc/login");
  ASSERT_EQ(staff.result(), status::found);
  const std::string staff_cookie(staff[http::field::set_cookie]);
  const std::string binding = staff_cookie.substr(staff_cookie.find('=') + 1,
                                                  staff_cookie.find(';') - staff_cookie.find('=') - 1);
  provider_->NextLogin("sub-anne");
  std::string staff_callback =
      provider_->FollowToClient(std::string(staff[http::field::location]), server_->port());
  ASSERT_THAT(staff_callback, StartsWith("/v1/auth/oidc/callback?"));
  staff_callback.replace(0, std::string("/v1/auth/oidc/callback").size(), "/mitid/callback");
  Browser crossed(server_->port());
  crossed.SetCookie("ombudsflow_mitid_login", binding);
  refused(crossed.Get(staff_callback));

  // Cancelled at the broker: no code.
  Browser cancelled(server_->port());
  const auto begun = cancelled.Get("/min-sag/mitid");
  const std::string location(begun[http::field::location]);
  const std::string state = location.substr(location.find("&state=") + 7, 43);
  refused(cancelled.Get("/mitid/callback?error=access_denied&state=" + state));

  // And a form's sign-in with no form behind it is refused before the broker.
  Browser no_form(server_->port());
  EXPECT_EQ(no_form.Get("/klage/mitid").result(), status::forbidden);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_identities"), 1);
}

}  // namespace
}  // namespace ombudsflow::testing
