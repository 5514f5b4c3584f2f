// The newsletter over HTTP against the real server and a real SMTP server
// (aiosmtpd): sign-up with double opt-in, leaving in one click from the
// received mail (RFC 8058), the structural receipt guard at approval and at
// send, the Atom feed read by a real feed parser with a canary, and the
// crash test: an issue to 2,000 subscribers, the server SIGKILLed halfway
// and restarted, and every subscriber has exactly one copy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "tests/support/http_client.h"
#include "tests/support/server_fixture.h"
#include "tests/support/file_contents.h"
#include "tests/support/smtp_receiver.h"
#include "tests/support/test_browser.h"
#include "tests/http/newsletter_fixture.h"

namespace ombudsflow::testing {
namespace {

namespace fs = std::filesystem;
using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;


TEST_F(NewsletterHttpTest, SignUpIsRefusedAtItsFieldsInDanishAndAConfirmedAddressIsNeverMailedTwice) {
  Browser browser(server_->port());
  const auto form = browser.Get("/nyhedsbrev");
  ASSERT_EQ(form.result(), status::ok);
  // The foot says what the newsletter does with an address.
  EXPECT_THAT(form.body(), HasSubstr("Vi bruger kun din e-mailadresse til at sende dig nyhedsbrevet."));
  EXPECT_THAT(form.body(), Not(HasSubstr("behandle din klage")));
  // No consent, no address: each named at its field.
  auto refused = browser.Post("/nyhedsbrev", {{"email", ""}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Sæt kryds for at sige ja til at få nyhedsbrevet"));
  EXPECT_THAT(refused.body(), HasSubstr("Skriv din e-mailadresse"));
  EXPECT_THAT(refused.body(), HasSubstr("href=\"#consent\""));
  refused = browser.Post("/nyhedsbrev", {{"email", "ikke en adresse"}, {"consent", "yes"}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Skriv en e-mailadresse som navn@eksempel.dk"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers"), 0);
  // Without the form's own token nothing is signed up.
  Browser stranger(server_->port());
  EXPECT_EQ(stranger.Post("/nyhedsbrev", {{"email", "x@example.org"}, {"consent", "yes"}}, false).result(),
            status::forbidden);

  const Received mail = SignUpAndConfirm("laeser@example.org");
  EXPECT_THAT(mail.summary, HasSubstr("Bekræft dit abonnement"));
  // The consent is kept as it was shown, with its time.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email = 'laeser@example.org'"
                              " AND consent_text LIKE 'Ja tak, send mig%' AND confirmed_at IS NOT NULL"),
            1);
  // Signing up again looks the same, and mails nothing.
  Browser again(server_->port());
  ASSERT_EQ(again.Get("/nyhedsbrev").result(), status::ok);
  EXPECT_EQ(again.Post("/nyhedsbrev", {{"email", "LAESER@example.org"}, {"consent", "yes"}}).result(),
            status::see_other);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(MailTo("laeser@example.org", 2, 0).size(), 1u);
  // The confirmation link works once.
  const std::string path = Find(mail.summary, R"re(https?://[^/]+(/nyhedsbrev/bekraeft/[0-9a-f]{64}))re");
  const auto reused = again.Post(path, {}, false);
  EXPECT_THAT(reused.body(), HasSubstr("Linket virker ikke"));
}

TEST_F(NewsletterHttpTest, OneClickFromTheReceivedMailRemovesTheAddressAndTheNextIssueSkipsIt) {
  SignUpAndConfirm("bliver@example.org");
  SignUpAndConfirm("gaar@example.org");
  const std::string first = SendIssue("Nyt fra Borgerrådgiveren");
  const auto issue = MailTo("gaar@example.org", 2);
  ASSERT_EQ(issue.size(), 2u);  // the confirmation, then the issue
  const Received& received = issue[1];
  EXPECT_THAT(received.raw, HasSubstr("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
  const std::string unsubscribe = Find(received.raw, R"re(List-Unsubscribe: <https?://[^/]+(/nyhedsbrev/afmeld/[0-9a-f]{64})>)re");
  ASSERT_FALSE(unsubscribe.empty()) << received.raw;
  EXPECT_THAT(received.summary, HasSubstr("Årsberetningen er på vej"));
  EXPECT_THAT(received.summary, HasSubstr(unsubscribe));  // the link in the mail's text too

  // The mail program's one click (RFC 8058): a POST with no cookie and no token.
  const auto left = SendHttp(server_->port(), verb::post, unsubscribe, "List-Unsubscribe=One-Click",
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(left.result(), status::ok) << left.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email = 'gaar@example.org'"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries d WHERE d.issue_id = '" + first + "'"), 1);
  EXPECT_EQ(database_->Scalar("SELECT sum(count) FROM newsletter_subscription_counts WHERE event = 'unsubscribed'"), 1);
  EXPECT_EQ(database_->Scalar("SELECT sent_count FROM newsletter_issues WHERE id = '" + first + "'"), 2);
  // The link again: nobody to remove, and the page says so.
  EXPECT_THAT(SendHttp(server_->port(), verb::get, unsubscribe).body(), HasSubstr("Du er ikke tilmeldt"));

  const std::string second = SendIssue("Andet nummer");
  ASSERT_EQ(MailTo("bliver@example.org", 3).size(), 3u);
  EXPECT_EQ(database_->Scalar("SELECT recipients FROM newsletter_issues WHERE id = '" + second + "'"), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(MailTo("gaar@example.org", 3, 0).size(), 2u);
}

TEST_F(NewsletterHttpTest, AHardBounceLeavesTheListAndASoftOneIsTriedAgain) {
  AddSubscribers(1, "bounce-hard-");
  AddSubscribers(1, "bounce-soft-");
  AddSubscribers(1, "modtager-");
  const std::string id = SendIssue("Med en ugyldig adresse");
  ASSERT_EQ(MailTo("modtager-1@example.org").size(), 1u);
  for (int i = 0; i < 100 && database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email LIKE 'bounce-hard%'") > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email LIKE 'bounce-hard%'"), 0);
  EXPECT_EQ(database_->Scalar("SELECT bounced_count FROM newsletter_issues WHERE id = '" + id + "'"), 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries d JOIN newsletter_subscribers s"
                              " ON s.id = d.subscriber_id WHERE s.email LIKE 'bounce-soft%' AND d.state = 'queued'"
                              " AND d.attempts = 1 AND d.next_attempt_at > now()"),
            1);
}

TEST_F(NewsletterHttpTest, AnIssueAboutACaseWhoseDepartmentHasNotReceivedTheTextIsRefusedAtApprovalAndAtSend) {
  AddSubscribers(3, "laeser-");
  // A case whose pre-publication notice is sent, not yet received.
  const std::string case_id = CaseInHearing();
  Walk(case_id, StepsToNoticeSent());
  const std::string case_number = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + case_id, Role::kCaseworker)).case_number();

  const std::string id = CreateIssue("Om en sag");
  ASSERT_EQ(Save(id, {{"heading", "Om en sag"},
                      {"items.0.case_number", case_number},
                      {"items.0.heading", "Lang sagsbehandlingstid"},
                      {"items.0.body", "Borgerrådgiveren kritiserer BUF."}})
                .result(),
            status::see_other);
  // The page says why, in Danish, at the case.
  const auto page = Send(verb::get, "/newsletters/" + id, Role::kOmbudsman);
  EXPECT_THAT(page.body(), HasSubstr("Forvaltningen har endnu ikke modtaget varslet."));
  EXPECT_THAT(page.body(), HasSubstr("En sag, der skrives om, mangler forvaltningens modtagelse af teksten"));
  // Refused at approval: the guard, whoever asks.
  auto approve = Step(id, "approve");
  EXPECT_EQ(approve.result(), status::unprocessable_entity) << approve.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_issues WHERE id = '" + id + "' AND state = 'composing'"), 1);

  // The department acknowledges: now it may be approved.
  auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  // The caseworker who wrote it cannot approve it (four eyes, and the role).
  EXPECT_NE(Step(id, "approve", Role::kCaseworker).result(), status::see_other);
  ASSERT_EQ(Step(id, "approve").result(), status::see_other);

  // The case's text is revised after the approval: the department has not
  // received the text as it stands, so sending is refused.
  ASSERT_EQ(FireNow(case_id, Role::kCaseworker, "revise_publication",
                    R"({"publication_title": "Lang sagsbehandlingstid", "concerns_discrimination": false,
                        "publication_text": "Borgerrådgiveren kritiserer BUF for meget lang sagsbehandlingstid."})")
                .result(),
            status::ok);
  auto send = Step(id, "send", Role::kCaseworker);
  EXPECT_EQ(send.result(), status::unprocessable_entity) << send.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_issues WHERE released_at IS NOT NULL"), 0);

  // A new notice of the revised text, received: it may go, until a hold.
  ASSERT_EQ(FireNow(case_id, Role::kCaseworker, "send_pre_publication_notice").result(), status::ok);
  pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  ASSERT_EQ(Send(verb::post, "/v1/publication-hold", Role::kOmbudsman, R"({"reason": "Krisestyring"})", kJson).result(),
            status::ok);
  send = Step(id, "send", Role::kCaseworker);
  EXPECT_EQ(send.result(), status::unprocessable_entity) << send.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries"), 0);
  ASSERT_EQ(Send(verb::post, "/v1/publication-hold:lift", Role::kOmbudsman, R"({"reason": "Krisen er ovre"})", kJson)
                .result(),
            status::ok);
  ASSERT_EQ(Step(id, "send", Role::kCaseworker).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries WHERE issue_id = '" + id + "'"), 3);
}

TEST_F(NewsletterHttpTest, TheAtomFeedParsesWithFeedparserAndHoldsNoPersonalData) {
  // Canaries: the complainant's name and address, and a subscriber's address.
  const std::string canary_name = "Kanariefugl Sørensen";
  const std::string canary_mail = "kanarie-abonnent@example.org";
  AddSubscribers(1, "kanarie-abonnent");
  auto created = PostJson(R"({"channel": "LETTER", "complainant": {"name": ")" + canary_name +
                          R"(", "email": "kanarie-klager@example.org", "language": "da"}, "department": "BUF",
                          "subject": "Svar på ansøgning", "description": "Jeg har ikke fået svar."})");
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string case_id = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  Walk(case_id, StepsToHearing());
  Walk(case_id, StepsToNoticeSent("Borgerrådgiveren kritiserer BUF & <andre> for lang sagsbehandlingstid."));
  auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  ASSERT_EQ(FireNow(case_id, Role::kOmbudsman, "approve_publication").result(), status::ok);
  SendIssue("Nyhedsbrev med \"citat\" & <tegn>");

  const auto feed = SendHttp(server_->port(), verb::get, "/feed.atom");
  ASSERT_EQ(feed.result(), status::ok);
  EXPECT_THAT(std::string(feed[http::field::content_type]), HasSubstr("application/atom+xml"));
  EXPECT_THAT(feed.body(), Not(HasSubstr(canary_name)));
  EXPECT_THAT(feed.body(), Not(HasSubstr("kanarie-klager")));
  EXPECT_THAT(feed.body(), Not(HasSubstr(canary_mail.substr(0, 16))));
  EXPECT_THAT(feed.body(), Not(HasSubstr(case_id)));

  // A real feed parser reads it: well-formed, Atom, both entries, titles intact.
  const fs::path file = fs::temp_directory_path() / ("feed-" + std::to_string(::getpid()) + ".atom");
  const fs::path program = fs::temp_directory_path() / ("feed-" + std::to_string(::getpid()) + ".py");
  std::ofstream(file) << feed.body();
  const std::string script =
      "import feedparser, sys\n"
      "d = feedparser.parse(sys.argv[1])\n"
      "print('bozo', int(d.bozo))\n"
      "print('version', d.version)\n"
      "print('entries', len(d.entries))\n"
      "for e in d.entries: print('title', e.title); print('link', e.link); print('id', e.id)\n";
  std::ofstream(program) << script;
  // Debian's python3, which has python3-feedparser (a python3 earlier on PATH may not).
  const Ran run = RunCommand("/usr/bin/python3 '" + program.string() + "' '" + file.string() + "'");
  fs::remove(file);
  fs::remove(program);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("bozo 0"));
  EXPECT_THAT(run.output, HasSubstr("version atom10"));
  EXPECT_THAT(run.output, HasSubstr("entries 2"));
  EXPECT_THAT(run.output, HasSubstr("title Lang sagsbehandlingstid"));
  EXPECT_THAT(run.output, HasSubstr("title Nyhedsbrev nr. 1: Nyhedsbrev med \"citat\" & <tegn>"));
  EXPECT_THAT(run.output, HasSubstr("/nyhedsbrev/1"));
}

TEST_F(NewsletterHttpTest, AnIssueToTwoThousandSurvivesASigkillHalfwayAndNobodyGetsTwoCopies) {
  constexpr int kSubscribers = 2000;
  AddSubscribers(kSubscribers, "crash-");
  const std::string id = SendIssue("Nedbrudsprøven");
  // Halfway: the server is killed as it sends.
  for (int i = 0; i < 1200 && Sent(id) < kSubscribers / 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const long long before = Sent(id);
  RestartServer(SIGKILL);
  ASSERT_GT(before, 0);
  ASSERT_LT(before, kSubscribers) << "the sending finished before the kill";
  for (int i = 0; i < 2400 && Sent(id) < kSubscribers; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_EQ(Sent(id), kSubscribers);
  // Whatever was in flight at the kill has come in by now.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::map<std::string, int> copies;
  for (const auto& [n, message] : Mail()) {
    const std::string to = Find(message.summary, R"re("rcptTos": \["(crash-\d+@example\.org)"\])re");
    if (!to.empty()) ++copies[to];
  }
  // Nobody has a second copy.
  int twice = 0;
  for (const auto& [to, count] : copies) twice += count != 1 ? 1 : 0;
  EXPECT_EQ(twice, 0);
  // Everyone has theirs, except at most the one reader whose row was
  // committed as sent in the instant before its message's end left, when
  // the kill fell there: SMTP cannot be asked afterwards, so one crash can
  // cost one copy (about one run in six, since the kill follows a commit
  // the test has just seen). docs/communication.md, "Sending"; issue 30
  // keeps this open: such a row is to be found and reported, not hidden.
  EXPECT_GE(copies.size(), static_cast<std::size_t>(kSubscribers - 1));
  EXPECT_EQ(database_->Scalar("SELECT sent_count FROM newsletter_issues WHERE id = '" + id + "'"), kSubscribers);
  std::cout << "crash test: " << before << " of " << kSubscribers << " sent before the SIGKILL; " << copies.size()
            << " subscribers with one copy each afterwards" << std::endl;
}

}  // namespace
}  // namespace ombudsflow::testing
