// The whistleblower channel as a reporter, the office and an attacker use
// it, over real sockets against the real server: an anonymous report gets
// a receipt code, comes back with it and the chosen password, and answers
// the office's question; a form sent twice is one report; wrong codes and
// passwords are refused alike and lock the report; the law's deadlines are
// timers; the reporter's identity reaches only the people the ombudsman
// designates, each read an event, and nothing else: no case row, event,
// department, report, metric, log line or public page; and the channel
// records no address or browser.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <algorithm>
#include <thread>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/documents.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "korrekt hest batteri hæfteklamme";
constexpr std::string_view kReportText = "KANARIE-RAPPORT-19 tilskud udbetalt to gange til samme leverandør";
constexpr std::string_view kName = "KANARIE-NAVN Birgitte Fløjte";
constexpr std::string_view kContact = "KANARIE-KONTAKT 20 30 40 50";

class WhistleblowerHttpTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--trusted-proxies", "127.0.0.1", "--timer-interval-ms", "100", "--metrics-listen", "127.0.0.1:0"};
  }

  // The report form's fields, anonymous unless a name is given.
  static std::vector<std::pair<std::string, std::string>> Report(std::string name = {}, std::string contact = {}) {
    return {{"concerns", "Dobbelt udbetaling af tilskud"},
            {"what", std::string(kReportText)},
            {"identified", name.empty() ? "nej" : "ja"},
            {"name", std::move(name)},
            {"contact", std::move(contact)},
            {"password", std::string(kPassword)},
            {"password_again", std::string(kPassword)},
            {"website", ""}};
  }

  // Posts the report form as `browser` would, without following the
  // answer to the receipt (which is shown once).
  HttpResponse Send(Browser& browser, std::vector<std::pair<std::string, std::string>> fields,
                    const std::string& address) {
    fields.emplace_back("_csrf", browser.csrf());
    return SendHttp(server_->port(), verb::post, "/whistleblower/indberet", FormBody(fields),
                    {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Cookie", "ombudsflow_whistleblower=" + browser.Cookie("ombudsflow_whistleblower")},
                     {"X-Forwarded-For", address}});
  }
  using ServerFixture::Send;

  // Sends a report from a fresh browser; its receipt code.
  std::string Reported(Browser& browser, std::vector<std::pair<std::string, std::string>> fields) {
    EXPECT_EQ(browser.Get("/whistleblower/indberet").result(), status::ok);
    const auto sent = browser.Post("/whistleblower/indberet", std::move(fields));
    EXPECT_EQ(sent.result(), status::see_other) << sent.body();
    EXPECT_EQ(sent[http::field::location], "/whistleblower/kvittering");
    return CodeOn(browser.last());
  }

  static std::string CodeOn(const HttpResponse& receipt) {
    static const std::regex kCode(R"(id="wb-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<)");
    std::smatch match;
    const std::string body = receipt.body();
    if (!std::regex_search(body, match, kCode)) return {};
    return match[1];
  }

  std::string CaseOfLastReport() {
    return database_->Text("SELECT id::text FROM complaints WHERE workflow = 'whistleblower' ORDER BY created_at DESC LIMIT 1");
  }

  // Signs in from the start page, as a browser does; the answer, not
  // followed.
  HttpResponse SignIn(Browser& browser, const std::string& code, std::string_view password) {
    EXPECT_EQ(browser.Get("/whistleblower").result(), status::ok);
    std::map<std::string, std::string> headers{{"Content-Type", "application/x-www-form-urlencoded"},
                                               {"Cookie", "ombudsflow_whistleblower_login=" +
                                                              browser.Cookie("ombudsflow_whistleblower_login")}};
    auto answer = SendHttp(server_->port(), verb::post, "/whistleblower/log-ind",
                           FormBody({{"code", code}, {"password", std::string(password)}, {"_csrf", browser.csrf()}}),
                           headers);
    const auto [first, last] = answer.base().equal_range(http::field::set_cookie);
    for (auto field = first; field != last; ++field) {
      const std::string value(field->value());
      if (value.starts_with("ombudsflow_min_sag=")) {
        browser.SetCookie("ombudsflow_min_sag", value.substr(19, value.find(';') - 19));
      }
    }
    return answer;
  }

  unsigned short MetricsPort() const {
    const std::string log = server_->Log();
    const std::string marker = "metrics on 127.0.0.1:";
    const auto at = log.find(marker);
    if (at == std::string::npos) return 0;
    return static_cast<unsigned short>(std::stoi(log.substr(at + marker.size())));
  }
};

TEST_F(WhistleblowerHttpTest, AnAnonymousReporterComesBackWithCodeAndPasswordAndAnswersAQuestion) {
  Browser reporter(server_->port(), "198.51.100.7");
  ASSERT_EQ(reporter.Get("/whistleblower/indberet").result(), status::ok);
  // The form's token lasts while the browser is open, never on disk.
  // Sent twice (a double click): one report.
  EXPECT_EQ(Send(reporter, Report(), "198.51.100.7").result(), status::see_other);
  EXPECT_EQ(Send(reporter, Report(), "198.51.100.7").result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE workflow = 'whistleblower'"), 1);
  const auto receipt = reporter.Get("/whistleblower/kvittering");
  const std::string code = CodeOn(receipt);
  ASSERT_FALSE(code.empty()) << receipt.body();
  const std::string id = CaseOfLastReport();
  ASSERT_FALSE(id.empty());
  // Shown once: the next person at this computer finds no code.
  EXPECT_THAT(std::string(receipt[http::field::set_cookie]), HasSubstr("ombudsflow_whistleblower=; Path=/whistleblower; Max-Age=0"));
  const auto again = reporter.Get("/whistleblower/kvittering");
  EXPECT_EQ(again.result(), status::see_other);
  EXPECT_THAT(again.body(), Not(HasSubstr(code)));

  // The case names no one, and its receipt is due in 7 days; the code is
  // kept only as a hash, the password only as Argon2id.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE id = '" + id +
                              "' AND complainant_name IS NULL AND complainant_email IS NULL AND department IS NULL"),
            1);
  EXPECT_EQ(database_->Text("SELECT state FROM case_state WHERE id = '" + id + "'"), "received");
  EXPECT_EQ(database_->Scalar("SELECT ((deadline_at - interval '1 second') AT TIME ZONE 'Europe/Copenhagen')::date"
                              " - (created_at AT TIME ZONE 'Europe/Copenhagen')::date FROM case_state WHERE id = '" +
                              id + "'"),
            7);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM whistleblower_reports WHERE complaint_id = '" + id +
                              "' AND password_hash LIKE '$argon2id$%' AND code_hash <> '" + code + "'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM whistleblower_identities"), 0);

  // Back another day, on another browser: the code as typed by hand.
  Browser later(server_->port(), "203.0.113.9");
  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto signed_in = SignIn(later, typed, kPassword);
  ASSERT_EQ(signed_in.result(), status::see_other) << signed_in.body();
  EXPECT_EQ(signed_in[http::field::location], "/min-sag");
  EXPECT_EQ(signed_in[http::field::cache_control], "private, no-store");
  const auto page = later.Get("/min-sag");
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr("Din indberetning"));
  EXPECT_THAT(page.body(), HasSubstr("Vi har modtaget din indberetning"));

  // The office asks; no e-mail goes, none is needed.
  const auto asked = Send(verb::post, "/v1/complaints/" + id + "/citizen-messages", Role::kCaseworker,
                          R"({"text": "KANARIE-SPØRGSMÅL hvilket år skete det?"})",
                          {{"Content-Type", "application/json"}});
  ASSERT_EQ(asked.result(), status::created) << asked.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_notifications WHERE complaint_id = '" + id + "'"), 0);
  const auto question = later.Get("/min-sag");
  EXPECT_THAT(question.body(), HasSubstr("KANARIE-SPØRGSMÅL hvilket år skete det?"));

  // The reporter answers: an incoming document of the case.
  static const std::regex kNonce(R"re(name="nonce" value="([0-9a-f]{64})")re");
  std::smatch nonce;
  const std::string body = question.body();
  ASSERT_TRUE(std::regex_search(body, nonce, kNonce));
  const auto answered = later.Post("/min-sag/besked", {{"text", "KANARIE-SVAR det var i 2025"}, {"nonce", nonce[1]}});
  EXPECT_EQ(answered.result(), status::see_other) << answered.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id +
                              "' AND is_message AND direction = 'in'"),
            1);
  const auto conversation = Send(verb::get, "/v1/complaints/" + id + "/documents", Role::kCaseworker);
  EXPECT_THAT(conversation.body(), HasSubstr("Besked fra borgeren"));

  // Acknowledged: the feedback is due three calendar months on.
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "acknowledge").result(), status::ok);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE id = '" + id +
                              "' AND (deadline_at - interval '1 second') AT TIME ZONE 'Europe/Copenhagen' >="
                              " ((now() AT TIME ZONE 'Europe/Copenhagen')::date + interval '3 months' - interval '1 day')"
                              " AND state = 'receipt_acknowledged'"),
            1);
  EXPECT_THAT(later.Get("/min-sag").body(), HasSubstr("Vi har bekræftet modtagelsen"));
}

TEST_F(WhistleblowerHttpTest, TheSevenDaysPassedAlertTheOmbudsmanAndStartTheThreeMonths) {
  Browser reporter(server_->port());
  ASSERT_FALSE(Reported(reporter, Report()).empty());
  const std::string id = CaseOfLastReport();
  // The seven days ended the day before yesterday; the timer fires today,
  // as after a server was down.
  database_->Execute("UPDATE case_state SET deadline_at = (((now() AT TIME ZONE 'Europe/Copenhagen')::date - 1)"
                     "::timestamp AT TIME ZONE 'Europe/Copenhagen') WHERE id = '" + id + "'");
  for (int tries = 0; tries < 100; ++tries) {
    if (database_->Text("SELECT state FROM case_state WHERE id = '" + id + "'") == "acknowledgement_overdue") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(database_->Text("SELECT state FROM case_state WHERE id = '" + id + "'"), "acknowledgement_overdue");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert' AND complaint_id = '" + id +
                              "' AND payload::text LIKE '%whistleblower_acknowledgement_overdue%'"),
            1);
  // Three months from the end of the seven days, as the law counts them,
  // not from the day the timer fired.
  const std::string due = "SELECT ((deadline_at - interval '1 second') AT TIME ZONE 'Europe/Copenhagen')::date::text"
                          " FROM case_state WHERE id = '" + id + "' AND timeout_transition = 'feedback_lapsed'";
  const std::string three_months = database_->Text(
      "SELECT ((now() AT TIME ZONE 'Europe/Copenhagen')::date - 2 + interval '3 months')::date::text");
  EXPECT_EQ(database_->Text(due), three_months);

  // Acknowledged late: the reporter sees it, and the feedback's deadline
  // stays where the law put it.
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "acknowledge_late").result(), status::ok);
  EXPECT_EQ(database_->Text("SELECT state FROM case_state WHERE id = '" + id + "'"), "acknowledged_late");
  EXPECT_EQ(database_->Text(due), three_months);
  const std::string seen = CaseOfLastReport();
  EXPECT_EQ(database_->Text("SELECT workflow_version::text FROM case_state WHERE id = '" + seen + "'"), "2");
}

TEST_F(WhistleblowerHttpTest, AWrongCodeOrPasswordIsRefusedAlikeAndWrongPasswordsLockTheReport) {
  Browser reporter(server_->port(), "198.51.100.20");
  const std::string code = Reported(reporter, Report());
  ASSERT_FALSE(code.empty());

  Browser guesser(server_->port(), "198.51.100.21");
  const auto wrong_code = SignIn(guesser, "ABCD-EFGH-JKMN-PQRS", kPassword);
  const auto wrong_password = SignIn(guesser, code, "ikke den rigtige adgangskode");
  EXPECT_EQ(wrong_code.result(), status::unauthorized);
  EXPECT_EQ(wrong_password.result(), status::unauthorized);
  EXPECT_THAT(wrong_code.body(), HasSubstr("Kvitteringskoden eller adgangskoden er forkert"));
  // The same page but for the code typed back into its field.
  std::string code_body = wrong_code.body();
  std::string password_body = wrong_password.body();
  code_body.replace(code_body.find("ABCD-EFGH-JKMN-PQRS"), 19, code);
  EXPECT_EQ(code_body, password_body);
  EXPECT_TRUE(guesser.Cookie("ombudsflow_min_sag").empty());
  // Not a code at all: refused the same way.
  EXPECT_EQ(SignIn(guesser, "'; DROP TABLE complaints; --", kPassword).result(), status::unauthorized);

  // Five wrong passwords in all lock the report, the right one too.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(SignIn(guesser, code, "forkert forkert forkert").result(), status::unauthorized);
  const auto locked = SignIn(guesser, code, kPassword);
  EXPECT_EQ(locked.result(), status::too_many_requests);
  EXPECT_THAT(locked.body(), HasSubstr("Prøv igen om"));
  EXPECT_FALSE(std::string(locked[http::field::retry_after]).empty());
  EXPECT_TRUE(guesser.Cookie("ombudsflow_min_sag").empty());

  const auto lock_minutes = [&] {
    return database_->Scalar("SELECT round(extract(epoch FROM locked_until - now()) / 60) FROM whistleblower_reports");
  };
  EXPECT_EQ(lock_minutes(), 15);

  // The lock over, five more wrong ones lock it twice as long, and so on.
  database_->Execute("UPDATE whistleblower_reports SET locked_until = now() - interval '1 second'");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn(guesser, code, "forkert forkert forkert").result(), status::unauthorized);
  EXPECT_EQ(lock_minutes(), 30);
  database_->Execute("UPDATE whistleblower_reports SET locked_until = now() - interval '1 second'");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn(guesser, code, "forkert forkert forkert").result(), status::unauthorized);
  EXPECT_EQ(lock_minutes(), 60);

  // The right password opens it, and the next lock is short again.
  database_->Execute("UPDATE whistleblower_reports SET locked_until = now() - interval '1 second'");
  EXPECT_EQ(SignIn(reporter, code, kPassword).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT lockouts FROM whistleblower_reports"), 0);
}

TEST_F(WhistleblowerHttpTest, WrongPasswordsAtOnceGetNoMoreTriesThanOneAfterAnother) {
  Browser reporter(server_->port(), "198.51.100.22");
  const std::string code = Reported(reporter, Report());
  ASSERT_FALSE(code.empty());
  Browser guesser(server_->port(), "198.51.100.23");
  ASSERT_EQ(guesser.Get("/whistleblower").result(), status::ok);
  const std::string cookie = "ombudsflow_whistleblower_login=" + guesser.Cookie("ombudsflow_whistleblower_login");
  const std::string body = FormBody({{"code", code}, {"password", "forkert forkert forkert"}, {"_csrf", guesser.csrf()}});
  std::vector<std::thread> threads;
  std::vector<status> answers(9);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      answers[i] = SendHttp(server_->port(), verb::post, "/whistleblower/log-ind", body,
                            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie},
                             {"X-Forwarded-For", "198.51.100." + std::to_string(100 + i)}})
                       .result();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(answers.begin(), answers.end(), status::unauthorized), 5);
  EXPECT_EQ(std::count(answers.begin(), answers.end(), status::too_many_requests), 4);
}

TEST_F(WhistleblowerHttpTest, AnotherSiteCannotSignABrowserInToAReport) {
  Browser reporter(server_->port(), "198.51.100.24");
  const std::string code = Reported(reporter, Report());
  ASSERT_FALSE(code.empty());
  // The attacker's own report, posted from their page: no token of ours.
  const auto forged = SendHttp(server_->port(), verb::post, "/whistleblower/log-ind",
                               FormBody({{"code", code}, {"password", std::string(kPassword)}}),
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"Origin", "https://attacker.example"}});
  EXPECT_EQ(forged.result(), status::forbidden);
  EXPECT_TRUE(forged[http::field::set_cookie].empty() ||
              std::string(forged[http::field::set_cookie]).find("ombudsflow_min_sag") == std::string::npos);
  EXPECT_THAT(forged.body(), HasSubstr("Siden var udløbet"));
}

TEST_F(WhistleblowerHttpTest, ABadReportIsRefusedAtItsFieldsAndChangesNothing) {
  Browser reporter(server_->port(), "198.51.100.30");
  ASSERT_EQ(reporter.Get("/whistleblower/indberet").result(), status::ok);
  auto fields = Report("");
  fields[0].second = "";                                 // concerns
  fields[2].second = "ja";                               // identified, with no name
  fields[6].second = "not the same password at all";     // password_again
  const auto refused = reporter.Post("/whistleblower/indberet", fields);
  EXPECT_EQ(refused.result(), status::bad_request);
  for (const char* message : {"Skriv, hvad det drejer sig om", "Skriv dit navn, eller vælg at være anonym",
                              "De to adgangskoder er ikke ens"}) {
    EXPECT_THAT(refused.body(), HasSubstr(message));
  }
  EXPECT_THAT(refused.body(), HasSubstr(R"(href="#concerns")"));
  EXPECT_THAT(refused.body(), HasSubstr(R"(id="concerns" name="concerns")"));
  // What was typed comes back; the passwords never do.
  EXPECT_THAT(refused.body(), HasSubstr(std::string(kReportText)));
  EXPECT_THAT(refused.body(), Not(HasSubstr(std::string(kPassword))));

  auto short_password = Report();
  short_password[5].second = short_password[6].second = "kort";
  EXPECT_THAT(reporter.Post("/whistleblower/indberet", short_password).body(),
              HasSubstr("Adgangskoden skal være mindst 12 tegn"));

  // A robot filling the hidden field, and a post without the form's token.
  auto robot = Report();
  robot.back().second = "https://spam.example";
  EXPECT_EQ(reporter.Post("/whistleblower/indberet", robot).result(), status::bad_request);
  EXPECT_EQ(reporter.Post("/whistleblower/indberet", Report(), false).result(), status::forbidden);
  Browser stranger(server_->port(), "198.51.100.31");
  EXPECT_EQ(stranger.Post("/whistleblower/indberet", Report(), false).result(), status::forbidden);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE workflow = 'whistleblower'"), 0);
}

TEST_F(WhistleblowerHttpTest, ReportsFromOneAddressAreLimitedAndOtherAddressesAreNot) {
  Browser flood(server_->port(), "198.51.100.40");
  ASSERT_EQ(flood.Get("/whistleblower/indberet").result(), status::ok);
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto fields = Report();
    fields[0].second = "";  // refused at its field, but counted
    if (flood.Post("/whistleblower/indberet", fields).result() == status::too_many_requests) ++limited;
  }
  EXPECT_GE(limited, 5);
  Browser other(server_->port(), "198.51.100.41");
  EXPECT_FALSE(Reported(other, Report()).empty());
}

TEST_F(WhistleblowerHttpTest, TheReportersIdentityReachesOnlyTheDesignatedAndEachReadIsAnEvent) {
  Browser reporter(server_->port(), "198.51.100.50");
  const std::string code = Reported(reporter, Report(std::string(kName), std::string(kContact)));
  ASSERT_FALSE(code.empty());
  const std::string id = CaseOfLastReport();
  const std::string caseworker = user_ids_.at(Role::kCaseworker);
  const auto reveal = [&](Role role) {
    return Send(verb::post, "/v1/complaints/" + id + "/reporter-identity:reveal", role);
  };
  const auto viewed = [&] {
    return database_->Scalar("SELECT count(*) FROM complaint_events WHERE complaint_id = '" + id +
                             "' AND kind = 'whistleblower_identity_viewed'");
  };

  // Kept apart from the case: no column of it, no event, no document.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM whistleblower_identities WHERE complaint_id = '" + id + "'"), 1);
  for (const std::string& query :
       {"SELECT count(*) FROM complaints WHERE concat_ws(' ', complainant_name, subject, description) LIKE '%KANARIE-NAVN%'",
        "SELECT count(*) FROM complaint_events WHERE payload::text LIKE '%KANARIE-NAVN%'",
        "SELECT count(*) FROM case_state WHERE facts::text LIKE '%KANARIE-NAVN%'"}) {
    EXPECT_EQ(database_->Scalar(query), 0) << query;
  }

  // Nobody is designated yet: the office reads the case, not the name.
  const auto read = Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker);
  EXPECT_EQ(read.result(), status::ok);
  EXPECT_THAT(read.body(), HasSubstr(std::string(kReportText)));
  EXPECT_EQ(reveal(Role::kCaseworker).result(), status::forbidden);
  EXPECT_EQ(reveal(Role::kOmbudsman).result(), status::forbidden);
  EXPECT_EQ(reveal(Role::kDepartment).result(), status::forbidden);
  EXPECT_EQ(reveal(Role::kAdministrator).result(), status::forbidden);
  EXPECT_EQ(viewed(), 0);

  // Only the ombudsman (or a deputy) designates, and only the office's staff.
  const std::string designate = "/v1/whistleblower-designees/" + caseworker;
  EXPECT_EQ(Send(verb::put, designate, Role::kCaseworker).result(), status::forbidden);
  EXPECT_EQ(Send(verb::put, designate, Role::kAdministrator).result(), status::forbidden);
  EXPECT_EQ(Send(verb::put, "/v1/whistleblower-designees/" + user_ids_.at(Role::kAdministrator), Role::kOmbudsman)
                .result(),
            status::bad_request);
  EXPECT_EQ(Send(verb::put, designate, Role::kOmbudsman).result(), status::no_content);

  const auto revealed = reveal(Role::kCaseworker);
  ASSERT_EQ(revealed.result(), status::ok) << revealed.body();
  const auto identity = Parse<v1::ReporterIdentity>(revealed);
  EXPECT_EQ(identity.name(), kName);
  EXPECT_EQ(identity.contact(), kContact);
  EXPECT_EQ(revealed[http::field::cache_control], "no-store");
  EXPECT_EQ(viewed(), 1);
  EXPECT_EQ(database_->Text("SELECT actor FROM complaint_events WHERE complaint_id = '" + id +
                            "' AND kind = 'whistleblower_identity_viewed'"),
            "user:" + caseworker);
  EXPECT_EQ(reveal(Role::kOmbudsman).result(), status::forbidden);  // designating is not being designated
  ASSERT_EQ(reveal(Role::kCaseworker).result(), status::ok);
  EXPECT_EQ(viewed(), 2);

  EXPECT_EQ(Send(verb::delete_, designate, Role::kOmbudsman).result(), status::no_content);
  EXPECT_EQ(reveal(Role::kCaseworker).result(), status::forbidden);
  // The designation's history stays: who designated, who ended it.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM whistleblower_designations WHERE user_id = '" + caseworker +
                              "' AND designated_by = 'user:" + user_ids_.at(Role::kOmbudsman) +
                              "' AND ended_by = 'user:" + user_ids_.at(Role::kOmbudsman) + "'"),
            1);
  EXPECT_EQ(viewed(), 2);

  // Nowhere else: the department's views, the reports, the public pages,
  // the metrics, the server's log (nor the code, the password, an address
  // or a browser).
  const std::vector<HttpResponse> elsewhere = {
      Send(verb::get, "/v1/complaints/" + id, Role::kDepartment),
      Send(verb::get, "/v1/complaints", Role::kDepartment),
      Send(verb::get, "/v1/notices", Role::kDepartment),
      Send(verb::get, "/v1/complaints", Role::kCaseworker),
      Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker),
      Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker),
      Send(verb::get, "/v1/complaints/" + id + "/documents", Role::kCaseworker),
      Send(verb::get, "/v1/reports/annual?from=2000-01-01&to=2100-12-31", Role::kOmbudsman),
      Send(verb::get, "/v1/reports/annual?from=2000-01-01&to=2100-12-31", Role::kOmbudsman, {},
           {{"Accept", "text/csv"}}),
      SendHttp(server_->port(), verb::get, "/whistleblower"),
      SendHttp(server_->port(), verb::get, "/klage"),
      SendHttp(server_->port(), verb::get, "/v1/publications"),
      SendHttp(MetricsPort(), verb::get, "/metrics"),
  };
  for (const HttpResponse& response : elsewhere) {
    EXPECT_THAT(response.body(), Not(HasSubstr("KANARIE-NAVN")));
    EXPECT_THAT(response.body(), Not(HasSubstr("KANARIE-KONTAKT")));
  }
  EXPECT_EQ(elsewhere[0].result(), status::forbidden);  // a department reads no complaint

  // A sign-in with a browser's name: neither it nor the address is kept.
  (void)SendHttp(server_->port(), verb::post, "/whistleblower/log-ind",
                 FormBody({{"code", code}, {"password", std::string(kPassword)}}),
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"User-Agent", "KANARIE-BROWSER/1.0"},
                  {"X-Forwarded-For", "198.51.100.77"}});
  // The request's log line is written after its answer is sent.
  std::string log = server_->Log();
  for (int tries = 0; tries < 50 && log.find(R"("route":"/whistleblower/log-ind")") == std::string::npos; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = server_->Log();
  }
  EXPECT_THAT(log, HasSubstr(R"("route":"/whistleblower/log-ind")"));
  for (const std::string& secret : {std::string("KANARIE"), code, std::string(kPassword),
                                    std::string("198.51.100.5"), std::string("198.51.100.77")}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << secret;
  }
}

}  // namespace
}  // namespace ombudsflow::testing
