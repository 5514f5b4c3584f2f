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

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

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

// Files in the bounce Maildir's `sub` folder (new or cur).
std::vector<std::string> MaildirFiles(const fs::path& maildir, const std::string& sub) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(maildir / sub)) names.push_back(entry.path().filename().string());
  return names;
}

TEST_F(NewsletterHttpTest, BouncesThatComeBackLaterTakeAHardAddressOffTheListAndSendASoftOneAgain) {
  AddSubscribers(2, "reader-");
  AddSubscribers(1, "later-hard-");
  AddSubscribers(1, "later-soft-");
  AddSubscribers(1, "later-delayed-");
  const std::string id = SendIssue("Sene afvisninger");
  const std::string hard_left = "SELECT count(*) FROM newsletter_subscribers WHERE email = 'later-hard-1@example.org'";
  const auto copies_to = [&](const std::string& address) {
    std::set<std::string> ids;
    int count = 0;
    for (const auto& [n, message] : Mail()) {
      if (message.summary.find("\"rcptTos\": [\"" + address + "\"]") == std::string::npos) continue;
      ++count;
      ids.insert(Find(message.summary, R"re("messageId": "([^"]+)")re"));
    }
    return std::pair{count, ids};
  };
  // The relay took all five; then its reports come back to the Maildir.
  for (int i = 0; i < 400; ++i) {
    if (database_->Scalar(hard_left) == 0 && copies_to("later-soft-1@example.org").first == 2 && Sent(id) == 4 &&
        MaildirFiles(smtp_->bounce_maildir(), "new").empty()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Hard: the address has left the list, and is counted.
  EXPECT_EQ(database_->Scalar(hard_left), 0);
  EXPECT_EQ(database_->Scalar("SELECT coalesce(sum(count), 0) FROM newsletter_subscription_counts WHERE event = 'bounced'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT bounced_count FROM newsletter_issues WHERE id = '" + id + "'"), 1);
  // Soft: sent again, the same message, and now sent.
  const auto [soft_count, soft_ids] = copies_to("later-soft-1@example.org");
  EXPECT_EQ(soft_count, 2);
  EXPECT_EQ(soft_ids.size(), 1u);
  // Delayed asks nothing: one copy, still on the list.
  EXPECT_EQ(copies_to("later-delayed-1@example.org").first, 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email LIKE 'later-delayed-%'"), 1);
  EXPECT_EQ(Sent(id), 4);
  EXPECT_EQ(database_->Scalar("SELECT sent_count FROM newsletter_issues WHERE id = '" + id + "'"), 4);
  // Every report was read and kept, marked seen.
  EXPECT_TRUE(MaildirFiles(smtp_->bounce_maildir(), "new").empty());
  const auto read = MaildirFiles(smtp_->bounce_maildir(), "cur");
  EXPECT_EQ(read.size(), 3u);
  for (const std::string& name : read) EXPECT_TRUE(name.ends_with(":2,S")) << name;

  // Forged reports are not heeded: one naming another reader than the
  // delivery's, and one naming reader 2's delivery by its number with
  // reader 1's token (which reader 1 can read in their own mail). A
  // person's reply is left unseen for the office to read.
  const auto [reader_count, reader_ids] = copies_to("reader-1@example.org");
  ASSERT_EQ(reader_count, 1);
  const std::string own_id = *reader_ids.begin();  // <produkt-<issue>.<delivery>.<token>@domain>
  const std::string reader_2_delivery = std::to_string(database_->Scalar(
      "SELECT d.id FROM newsletter_deliveries d JOIN newsletter_subscribers s ON s.id = d.subscriber_id"
      " WHERE s.email = 'reader-2@example.org'"));
  const std::size_t first_dot = own_id.find('.');
  const std::size_t second_dot = own_id.find('.', first_dot + 1);
  ASSERT_NE(second_dot, std::string::npos) << own_id;
  const std::string guessed_id = own_id.substr(0, first_dot + 1) + reader_2_delivery + own_id.substr(second_dot);
  const auto report_on = [](const std::string& address, const std::string& message_id) {
    return "From: someone@example.net\nTo: nyhedsbrev@ombudsmand.example\nSubject: Undelivered\nMIME-Version: 1.0\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n"
           "Content-Type: text/plain\n\nNo.\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n"
           "Final-Recipient: rfc822; " + address + "\nAction: failed\nStatus: 5.1.1\n\n--B\n"
           "Content-Type: text/rfc822-headers\n\nMessage-ID: " + message_id + "\n\n--B--\n";
  };
  const std::string guessed = report_on("reader-2@example.org", guessed_id);
  std::ofstream(smtp_->bounce_maildir() / "tmp" / "guessed") << guessed;
  fs::rename(smtp_->bounce_maildir() / "tmp" / "guessed", smtp_->bounce_maildir() / "new" / "guessed");
  const std::string forged = report_on("reader-2@example.org", own_id);
  const std::string reply = "From: reader-1@example.org\nTo: nyhedsbrev@ombudsmand.example\nSubject: Tak\n\nTak for brevet.\n";
  std::ofstream(smtp_->bounce_maildir() / "tmp" / "forged") << forged;
  std::ofstream(smtp_->bounce_maildir() / "tmp" / "reply") << reply;
  fs::rename(smtp_->bounce_maildir() / "tmp" / "forged", smtp_->bounce_maildir() / "new" / "forged");
  fs::rename(smtp_->bounce_maildir() / "tmp" / "reply", smtp_->bounce_maildir() / "new" / "reply");
  for (int i = 0; i < 200 && !MaildirFiles(smtp_->bounce_maildir(), "new").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(fs::exists(smtp_->bounce_maildir() / "cur" / "forged:2,S"));
  EXPECT_TRUE(fs::exists(smtp_->bounce_maildir() / "cur" / "guessed:2,S"));
  EXPECT_TRUE(fs::exists(smtp_->bounce_maildir() / "cur" / "reply:2,"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email LIKE 'reader-%'"), 2);
  EXPECT_EQ(Sent(id), 4);
}

TEST_F(NewsletterHttpTest, AnIssueToTwoThousandSurvivesASigkillHalfwayWithOneCopyInEveryMailbox) {
  constexpr int kSubscribers = 2000;
  AddSubscribers(kSubscribers, "crash-");
  const std::string id = SendIssue("Nedbrudsprøven");
  for (int i = 0; i < 1200 && Sent(id) < kSubscribers / 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  // Halfway, and where the test can catch it, as a message's end is on its
  // way: the one moment a kill leaves a reader in doubt.
  const std::string in_flight =
      "SELECT count(*) FROM newsletter_deliveries WHERE issue_id = '" + id + "' AND state = 'ending'";
  {
    soci::session poll(soci::postgresql, database_->conninfo());
    long long ending = 0;
    for (int i = 0; i < 5000 && ending == 0; ++i) poll << in_flight, soci::into(ending);
  }
  long long before = 0;
  long long in_doubt = 0;
  RestartServer(SIGKILL, [&] {
    before = Sent(id);
    in_doubt = database_->Scalar(in_flight);
  });
  ASSERT_GT(before, 0);
  ASSERT_LT(before, kSubscribers) << "the sending finished before the kill";
  // One SMTP connection: at most one message can be in doubt.
  EXPECT_LE(in_doubt, 1);
  for (int i = 0; i < 2400 && Sent(id) < kSubscribers; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_EQ(Sent(id), kSubscribers);
  // Whatever was in flight at the kill has come in by now.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // What each reader was handed, and under which Message-IDs.
  std::map<std::string, int> handed;
  std::map<std::string, std::set<std::string>> message_ids;
  long long transmissions = 0;
  for (const auto& [n, message] : Mail()) {
    const std::string to = Find(message.summary, R"re("rcptTos": \["(crash-\d+@example\.org)"\])re");
    if (to.empty()) continue;
    ++transmissions;
    ++handed[to];
    message_ids[to].insert(Find(message.summary, R"re("messageId": "([^"]+)")re"));
  }
  // Nobody is skipped.
  EXPECT_EQ(handed.size(), static_cast<std::size_t>(kSubscribers));
  // A message handed over twice is the one in doubt at the kill, and only
  // that: at most once more, and under the same Message-ID, so a mailbox
  // keeps it once.
  int twice = 0;
  for (const auto& [to, count] : handed) {
    EXPECT_LE(count, 2) << to;
    twice += count > 1 ? 1 : 0;
    EXPECT_EQ(message_ids[to].size(), 1u) << to;
  }
  EXPECT_LE(twice, in_doubt);
  EXPECT_EQ(transmissions, kSubscribers + twice);
  EXPECT_EQ(database_->Scalar("SELECT sent_count FROM newsletter_issues WHERE id = '" + id + "'"), kSubscribers);
  std::cout << "crash test: " << before << " of " << kSubscribers << " confirmed before the SIGKILL, " << in_doubt
            << " in doubt at it; afterwards all " << handed.size() << " readers had theirs, " << twice
            << " handed over a second time (the same message)" << std::endl;
}

}  // namespace
}  // namespace ombudsflow::testing
