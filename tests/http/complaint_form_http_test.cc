// The public complaint form (/klage) as a browser and as a robot use it,
// over real sockets against the real server: one page at a time, the draft
// kept under the browser's cookie, one case however often it is sent, and
// every abuse measure answering as designed while changing nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

// The texts a citizen writes, each marked so a leak is found.
constexpr std::string_view kCanaryName = "Kanariefugl Hansen";
constexpr std::string_view kCanaryEmail = "kanariefugl@example.dk";
constexpr std::string_view kCanaryText = "KANARIE-7f3a fik aldrig svar";

class ComplaintFormHttpTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--complaint-form-min-seconds", "0"}; }

  // Answers every question; the browser is then on the check page.
  void AnswerAll(Browser& browser, const std::string& answer = "no_reply",
                 const std::string& email = std::string(kCanaryEmail)) {
    ASSERT_EQ(browser.Get("/klage/forvaltning").result(), status::ok);
    ASSERT_EQ(browser.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
    ASSERT_EQ(browser.Post("/klage/hvad-skete", {{"subject", "Svar på ansøgning"},
                                                 {"what_happened", std::string(kCanaryText)},
                                                 {"wish", "Et svar"}})
                  .result(),
              status::see_other);
    const auto answered = browser.Post("/klage/svar", {{"department_answer", answer}});
    ASSERT_EQ(answered.result(), answer == "not_contacted" ? status::ok : status::see_other) << answered.body();
    // The guidance's "continue" is a link to the next page.
    if (answer == "not_contacted") ASSERT_EQ(browser.Get("/klage/dokumenter").result(), status::ok);
    // No documents: going on answers the question.
    ASSERT_EQ(browser.Post("/klage/dokumenter", {}).result(), status::see_other);
    ASSERT_EQ(browser.Post("/klage/dig", {{"name", std::string(kCanaryName)}, {"email", email}})
                  .result(),
              status::see_other);
    ASSERT_EQ(browser.Post("/klage/behov", {}).result(), status::see_other);
    ASSERT_EQ(browser.Get("/klage/tjek").result(), status::ok);
  }

  long long Cases() { return database_->Scalar("SELECT count(*) FROM complaints"); }
};

TEST_F(ComplaintFormHttpTest, AFormSentTwiceOpensOneAcknowledgedCaseAndTheReceiptGivesItsNumber) {
  Browser browser(server_->port());
  AnswerAll(browser);
  // Two sends at once (a double click), and one after.
  auto first = std::async(std::launch::async, [&] { return browser.Post("/klage/tjek", {}); });
  auto second = std::async(std::launch::async, [&] { return browser.Post("/klage/tjek", {}); });
  EXPECT_EQ(first.get().result(), status::see_other);
  EXPECT_EQ(second.get().result(), status::see_other);
  const auto third = browser.Post("/klage/tjek", {});
  EXPECT_EQ(third.result(), status::see_other);
  EXPECT_EQ(third[http::field::location], "/klage/kvittering");
  EXPECT_EQ(Cases(), 1);

  const std::string number = database_->Text("SELECT case_number FROM complaints");
  const auto receipt = browser.Get("/klage/kvittering");
  ASSERT_EQ(receipt.result(), status::ok);
  EXPECT_THAT(receipt.body(), HasSubstr(number));
  EXPECT_THAT(receipt.body(), HasSubstr("Du hører fra os senest"));
  // Nothing the citizen wrote is on the receipt, which stays for a day.
  EXPECT_THAT(receipt.body(), Not(HasSubstr(std::string(kCanaryName))));

  // The case: the answers, the channel, the dialogue answer as a fact for
  // the caseworker's first step, and the acknowledgement letter.
  EXPECT_EQ(database_->Text("SELECT channel || ' ' || department || ' ' || complainant_email FROM complaints"),
            "WEB_FORM BUF " + std::string(kCanaryEmail));
  EXPECT_EQ(database_->Text("SELECT facts::text FROM case_state"), R"({"department_has_answered": true})");
  EXPECT_EQ(database_->Text("SELECT string_agg(template, ',') FROM letters"), "acknowledgement");
  EXPECT_EQ(database_->Text("SELECT actor FROM complaint_events"), "system:citizen");
  // The draft keeps only the receipt.
  EXPECT_EQ(database_->Text("SELECT answers::text FROM complaint_form_drafts"), "{}");
  // The case page names the citizen's form as who registered it.
  const std::string id = database_->Text("SELECT id FROM complaints");
  auto page = Send(verb::get, "/cases/" + id, Role::kCaseworker);
  EXPECT_THAT(page.body(), HasSubstr("Borgeren (klageformularen)"));
  // The first question shows the citizen's answer, opened; the caseworker decides.
  EXPECT_THAT(page.body(), HasSubstr("Borgeren svarede i klageformularen: Ja"));
  EXPECT_THAT(page.body(), HasSubstr(R"(<details class="app-answer" id="answer-yes" open>)"));
  EXPECT_THAT(page.body(), HasSubstr(R"(<details class="app-answer" id="answer-no">)"));

  // The request log holds no form content.
  const std::string log = server_->Log();
  EXPECT_THAT(log, HasSubstr(R"("route":"/klage/{step}")"));  // the posts were logged
  EXPECT_THAT(log, Not(HasSubstr("KANARIE")));
  EXPECT_THAT(log, Not(HasSubstr("Kanariefugl")));
  EXPECT_THAT(log, Not(HasSubstr("kanariefugl")));

  // A new complaint from the same browser starts afresh.
  const auto fresh = browser.Get("/klage/forvaltning?ny=1");
  EXPECT_EQ(fresh.result(), status::ok);
  EXPECT_THAT(fresh.body(), Not(HasSubstr("checked")));
}

TEST_F(ComplaintFormHttpTest, ACitizenWhoHasNotAskedTheDepartmentIsToldHowAndMaySendAnyway) {
  Browser browser(server_->port());
  ASSERT_NO_FATAL_FAILURE(AnswerAll(browser, "not_contacted"));
  const auto check = browser.Get("/klage/tjek");
  // The department's complaints mailbox, from the deployment's contacts.
  EXPECT_THAT(check.body(), HasSubstr("klagesager@buf.kk.dk"));
  EXPECT_EQ(browser.Post("/klage/tjek", {}).result(), status::see_other);
  EXPECT_EQ(database_->Text("SELECT facts::text FROM case_state"), R"({"department_has_answered": false})");
}

TEST_F(ComplaintFormHttpTest, AnswersAreKeptBetweenPagesAndEachErrorIsNamedAtItsField) {
  Browser browser(server_->port());
  ASSERT_EQ(browser.Get("/klage/forvaltning").result(), status::ok);
  // A later page is not shown before the earlier ones are answered.
  const auto skipped = browser.Get("/klage/dig");
  EXPECT_EQ(skipped.result(), status::see_other);
  EXPECT_EQ(skipped[http::field::location], "/klage/forvaltning");

  auto refused = browser.Post("/klage/forvaltning", {});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Vælg den forvaltning, du vil klage over"));
  EXPECT_THAT(refused.body(), HasSubstr(R"(href="#department-)"));
  ASSERT_EQ(browser.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
  refused = browser.Post("/klage/hvad-skete", {{"subject", std::string(301, 'x')}, {"what_happened", "Det skete"}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("må højst have 300 tegn"));
  EXPECT_THAT(refused.body(), HasSubstr("Det skete"));  // kept as typed
  // Back to the first page: the choice is still there.
  EXPECT_THAT(browser.Get("/klage/forvaltning").body(), HasSubstr(R"(value="BUF" checked)"));
  // In English, the same error in English.
  refused = browser.Post("/klage/hvad-skete?sprog=en", {{"subject", ""}, {"what_happened", "x"}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Say briefly what the complaint is about"));
  EXPECT_THAT(refused.body(), HasSubstr(R"(<html lang="en">)"));
  EXPECT_EQ(Cases(), 0);
}

TEST_F(ComplaintFormHttpTest, RobotsForgeriesAndMalformedPostsAreRefusedAndChangeNothing) {
  Browser browser(server_->port());
  ASSERT_NO_FATAL_FAILURE(AnswerAll(browser));
  const long long rows = RowsWritten();

  // The honeypot: a field no person sees.
  auto robot = browser.Post("/klage/tjek", {{"website", "http://spam.example"}});
  EXPECT_EQ(robot.result(), status::unprocessable_entity);
  EXPECT_THAT(robot.body(), HasSubstr("Klagen kunne ikke sendes"));
  // Another site's post: no cookie, or a token that is not the form's.
  Browser stranger(server_->port());
  EXPECT_EQ(stranger.Post("/klage/tjek", {{"_csrf", browser.csrf()}}, false).result(), status::forbidden);
  EXPECT_EQ(browser.Post("/klage/tjek", {{"_csrf", std::string(64, '0')}}, false).result(), status::forbidden);
  // No such page; the receipt cannot be posted to.
  EXPECT_EQ(browser.Post("/klage/admin", {}).result(), status::not_found);
  EXPECT_EQ(browser.Post("/klage/kvittering", {}).result(), status::not_found);
  // Malformed bodies: a broken escape, bytes that are not UTF-8, another type.
  const std::string cookie = "ombudsflow_klage=" + std::string(64, 'a');
  EXPECT_EQ(SendHttp(server_->port(), verb::post, "/klage/forvaltning", "department=%G1",
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}})
                .result(),
            status::bad_request);
  EXPECT_EQ(SendHttp(server_->port(), verb::post, "/klage/forvaltning", "department=%FF%FE",
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}})
                .result(),
            status::bad_request);
  EXPECT_EQ(SendHttp(server_->port(), verb::post, "/klage/forvaltning", "{}",
                     {{"Content-Type", "application/json"}, {"Cookie", cookie}})
                .result(),
            status::unsupported_media_type);
  // A body beyond the server's limit.
  EXPECT_EQ(browser.Post("/klage/hvad-skete", {{"what_happened", std::string(2 * 1024 * 1024, 'x')}}).result(),
            status::payload_too_large);
  EXPECT_EQ(RowsWritten(), rows);
  EXPECT_EQ(Cases(), 0);
  // The form is still whole: the person sends it.
  EXPECT_EQ(browser.Post("/klage/tjek", {}).result(), status::see_other);
  EXPECT_EQ(Cases(), 1);
}

TEST_F(ComplaintFormHttpTest, ATokenPlantedInAVictimsBrowserNamesNothingOnceTheVictimHasAnsweredAPage) {
  // Someone gets a token of their own and plants it in another's browser
  // (a shared computer, a sibling domain's cookie).
  Browser attacker(server_->port());
  ASSERT_EQ(attacker.Get("/klage/forvaltning").result(), status::ok);
  const std::string planted = attacker.Cookie("ombudsflow_klage");
  ASSERT_EQ(planted.size(), 64u);
  Browser victim(server_->port());
  victim.SetCookie("ombudsflow_klage", planted);
  ASSERT_EQ(victim.Get("/klage/forvaltning").result(), status::ok);
  ASSERT_EQ(victim.Post("/klage/forvaltning", {{"department", "SOF"}}).result(), status::see_other);
  ASSERT_EQ(victim.Post("/klage/hvad-skete", {{"subject", "Hjemmehjælp"}, {"what_happened", std::string(kCanaryText)}})
                .result(),
            status::see_other);
  // The victim's draft has moved on to tokens only the victim's browser holds.
  EXPECT_NE(victim.Cookie("ombudsflow_klage"), planted);
  const auto seen = attacker.Get("/klage/forvaltning");
  EXPECT_THAT(seen.body(), Not(HasSubstr("checked")));
  EXPECT_EQ(attacker.Get("/klage/svar")[http::field::location], "/klage/forvaltning");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_form_drafts"), 1);
  // A post under the planted token starts a draft of its own: the
  // victim's is untouched, and still the victim's.
  EXPECT_EQ(attacker.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_form_drafts"), 2);
  EXPECT_THAT(victim.Get("/klage/forvaltning").body(), HasSubstr(R"(value="SOF" checked)"));
  EXPECT_THAT(victim.Get("/klage/hvad-skete").body(), HasSubstr("KANARIE"));
}

class ComplaintFormTimingTest : public ComplaintFormHttpTest {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--complaint-form-min-seconds", "3600"}; }
};

TEST_F(ComplaintFormTimingTest, AFormSentSoonerThanAPersonCouldWriteItIsRefused) {
  Browser browser(server_->port());
  ASSERT_NO_FATAL_FAILURE(AnswerAll(browser));
  const auto quick = browser.Post("/klage/tjek", {});
  EXPECT_EQ(quick.result(), status::too_many_requests);
  EXPECT_THAT(quick.body(), HasSubstr("Vent et øjeblik"));
  EXPECT_THAT(quick.body(), HasSubstr(std::string(kCanaryName)));  // the answers, to check again
  EXPECT_EQ(Cases(), 0);
}

class ComplaintFormLimitTest : public ComplaintFormHttpTest {
 protected:
  // Behind a proxy on loopback, which names each client; no general
  // anonymous limit, so the form's own is what answers.
  std::vector<std::string> ServerArgs() const override {
    return {"--complaint-form-min-seconds", "0", "--trusted-proxies", "127.0.0.1",
            "--anonymous-rate-limit-per-minute", "0"};
  }
};

TEST_F(ComplaintFormLimitTest, AThousandPostsFromOneAddressAreLimitedAndOtherAddressesAreNot) {
  Browser flood(server_->port(), "203.0.113.7");
  ASSERT_EQ(flood.Get("/klage/forvaltning").result(), status::ok);
  int limited = 0, answered = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto response = flood.Post("/klage/forvaltning", {{"department", "BUF"}});
    if (response.result() == status::too_many_requests) {
      ++limited;
      EXPECT_FALSE(response[http::field::retry_after].empty());
    } else {
      ++answered;
    }
  }
  // The burst (60) and what refills while they run, no more.
  EXPECT_GE(limited, 900);
  EXPECT_GE(answered, 60);
  // Another citizen is not held up.
  Browser other(server_->port(), "203.0.113.8");
  ASSERT_EQ(other.Get("/klage/forvaltning").result(), status::ok);
  EXPECT_EQ(other.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);

  // Complaints sent from one address: five at once, then one a minute.
  int sent = 0, refused = 0;
  for (int i = 0; i < 8; ++i) {
    Browser citizen(server_->port(), "198.51.100.9");
    ASSERT_NO_FATAL_FAILURE(AnswerAll(citizen, "no_reply", "borger" + std::to_string(i) + "@example.dk"));
    const auto response = citizen.Post("/klage/tjek", {});
    (response.result() == status::see_other ? sent : refused)++;
  }
  EXPECT_EQ(sent, 5);
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(Cases(), 5);

  // An IPv6 client's whole /64 is one address.
  int v6_refused = 0;
  for (int i = 0; i < 70; ++i) {
    Browser roaming(server_->port(), "2001:db8:1:2::" + std::to_string(i + 1));
    ASSERT_EQ(roaming.Get("/klage/forvaltning").result(), status::ok);
    if (roaming.Post("/klage/forvaltning", {{"department", "BUF"}}).result() == status::too_many_requests) ++v6_refused;
  }
  EXPECT_GE(v6_refused, 5);

  // One e-mail address is sent three acknowledgements a day, from any address.
  int to_one_address = 0;
  for (int i = 0; i < 4; ++i) {
    Browser citizen(server_->port(), "192.0.2." + std::to_string(i + 1));
    ASSERT_NO_FATAL_FAILURE(AnswerAll(citizen, "no_reply", "offer@example.dk"));
    const auto response = citizen.Post("/klage/tjek", {});
    if (response.result() == status::see_other) {
      ++to_one_address;
    } else {
      EXPECT_EQ(response.result(), status::too_many_requests);
      EXPECT_THAT(response.body(), HasSubstr("tre klager med denne e-mailadresse"));
    }
  }
  EXPECT_EQ(to_one_address, 3);
}

class ComplaintFormCapTest : public ComplaintFormHttpTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--complaint-form-min-seconds", "0", "--complaint-form-max-drafts", "2"};
  }
};

TEST_F(ComplaintFormCapTest, NoNewDraftStartsBeyondTheCapAndThoseUnderWayGoOn) {
  Browser first(server_->port()), second(server_->port()), third(server_->port());
  for (Browser* browser : {&first, &second, &third}) ASSERT_EQ(browser->Get("/klage/forvaltning").result(), status::ok);
  EXPECT_EQ(first.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
  EXPECT_EQ(second.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
  const auto refused = third.Post("/klage/forvaltning", {{"department", "BUF"}});
  EXPECT_EQ(refused.result(), status::service_unavailable);
  EXPECT_THAT(refused.body(), HasSubstr("Der er travlt lige nu"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_form_drafts"), 2);
  // A draft under way moves on to its next page.
  EXPECT_EQ(first.Post("/klage/hvad-skete", {{"subject", "Emne"}, {"what_happened", "Det skete"}}).result(),
            status::see_other);
}

}  // namespace
}  // namespace ombudsflow::testing
