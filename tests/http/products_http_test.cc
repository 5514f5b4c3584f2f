// The office's other products over HTTP against the real server, a real
// SMTP server and WeasyPrint: distribution lists kept in the workplace, a
// press release to the press lists under the hold and receipt guard, and a
// KlarRet edition and the annual report published as pages and as PDF/UA.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/http/newsletter_fixture.h"
#include "ombudsflow/v1/reports.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/pdf_structure.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ProductsHttpTest : public NewsletterHttpTest {
 protected:
  // A new list kept by the caseworker; its id.
  std::string CreateList(const std::string& name) {
    const auto created = PostForm("/newsletters/lists", Role::kCaseworker, {{"name", name}, {"description", ""}});
    EXPECT_EQ(created.result(), status::see_other) << created.body();
    return std::string(created[http::field::location]).substr(std::string("/newsletters/lists/").size());
  }

  HttpResponse AddMember(const std::string& list, const std::string& name, const std::string& email) {
    return PostForm("/newsletters/lists/" + list + "/members", Role::kCaseworker,
                    {{"member_name", name}, {"email", email}, {"organisation", "BUF"}});
  }

  // A new product of `kind`; its id.
  std::string CreateProduct(const std::string& kind, const std::string& heading,
                            std::vector<std::pair<std::string, std::string>> more = {}) {
    more.emplace_back("kind", kind);
    more.emplace_back("heading", heading);
    const auto created = PostForm("/newsletters", Role::kCaseworker, more);
    EXPECT_EQ(created.result(), status::see_other) << created.body();
    return std::string(created[http::field::location]).substr(std::string("/newsletters/").size());
  }

  HttpResponse Hold(bool on) {
    return on ? Send(verb::post, "/v1/publication-hold", Role::kOmbudsman, R"({"reason": "Krisestyring"})", kJson)
              : Send(verb::post, "/v1/publication-hold:lift", Role::kOmbudsman, R"({"reason": "Krisen er ovre"})", kJson);
  }

  // Waits up to a minute for the released product's PDF (WeasyPrint starts
  // slowly on a busy machine).
  HttpResponse WaitForPdf(const std::string& path) {
    Browser browser(server_->port());
    HttpResponse response;
    for (int i = 0; i < 600; ++i) {
      response = browser.Get(path);
      if (response.result() == status::ok) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return response;
  }

  // PDF/UA as the letters are checked: tagged, its language and title set,
  // its fonts embedded.
  static void ExpectPdfUa(const std::string& bytes) {
    ASSERT_TRUE(bytes.starts_with("%PDF-"));
    const std::string structure = PdfStructure(bytes);
    EXPECT_THAT(structure, HasSubstr("/StructTreeRoot"));
    EXPECT_THAT(structure, HasSubstr("/MarkInfo"));
    EXPECT_THAT(structure, HasSubstr("/Lang (da)"));
    EXPECT_THAT(structure, HasSubstr("/Title"));
    EXPECT_THAT(structure, HasSubstr("/DisplayDocTitle true"));
    EXPECT_THAT(structure, HasSubstr("/FontFile"));
  }
};

TEST_F(ProductsHttpTest, ListsAreKeptByTheOfficeAndRefuseBadAddressesAtTheirField) {
  const std::string list = CreateList("Direktørerne");
  // The name is taken: said at its field, in Danish.
  auto taken = PostForm("/newsletters/lists", Role::kCaseworker, {{"name", "Direktørerne"}});
  EXPECT_EQ(taken.result(), status::bad_request);
  EXPECT_THAT(taken.body(), HasSubstr("Der er allerede en liste med det navn"));
  EXPECT_THAT(taken.body(), HasSubstr("href=\"#name\""));

  auto bad = AddMember(list, "Direktør BUF", "ikke en adresse");
  EXPECT_EQ(bad.result(), status::bad_request);
  EXPECT_THAT(bad.body(), HasSubstr("Skriv en e-mailadresse i feltet „E-mailadresse“"));
  EXPECT_THAT(bad.body(), HasSubstr("value=\"ikke en adresse\""));
  ASSERT_EQ(AddMember(list, "Direktør BUF", "Direktoer@BUF.Kommune.example").result(), status::see_other);
  auto twice = AddMember(list, "Direktør BUF", "direktoer@buf.kommune.example");
  EXPECT_EQ(twice.result(), status::bad_request);
  EXPECT_THAT(twice.body(), HasSubstr("Adressen står allerede på listen"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM distribution_list_members"), 1);

  // Staff see the addresses; the departments and the administrator do not.
  const auto page = Send(verb::get, "/newsletters/lists/" + list, Role::kCaseworker);
  EXPECT_THAT(page.body(), HasSubstr("direktoer@buf.kommune.example"));
  EXPECT_EQ(Send(verb::get, "/newsletters/lists/" + list, Role::kDepartment).result(), status::not_found);
  EXPECT_EQ(Send(verb::get, "/newsletters/lists/" + list, Role::kAdministrator).result(), status::not_found);

  // Removed: gone.
  const std::string member = Find(page.body(), R"re(/members/([0-9a-f-]{36})/remove)re");
  ASSERT_FALSE(member.empty());
  EXPECT_EQ(PostForm("/newsletters/lists/" + list + "/members/" + member + "/remove", Role::kCaseworker, {}).result(),
            status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM distribution_list_members"), 0);
}

TEST_F(ProductsHttpTest, APressReleaseToThePressListsIsRefusedDuringAHoldAndSentOnceToEachAddress) {
  AddSubscribers(2, "abonnent-");
  const std::string press = CreateList("Pressen");
  const std::string directors = CreateList("Direktørerne");
  ASSERT_EQ(AddMember(press, "Journalist", "journalist@avis.example").result(), status::see_other);
  ASSERT_EQ(AddMember(press, "Presse BUF", "presse@buf.kommune.example").result(), status::see_other);
  // On both lists: one copy.
  ASSERT_EQ(AddMember(directors, "Presse BUF", "presse@buf.kommune.example").result(), status::see_other);
  ASSERT_EQ(AddMember(directors, "Direktør BUF", "direktoer@buf.kommune.example").result(), status::see_other);

  const std::string id = CreateProduct("press_release", "Borgerrådgiveren kritiserer ventetider");
  // It begins from the office's template.
  auto page = Send(verb::get, "/newsletters/" + id, Role::kCaseworker);
  EXPECT_THAT(page.body(), HasSubstr("Citat fra borgerrådgiveren"));
  EXPECT_THAT(page.body(), HasSubstr("Pressemeddelelse nr. 1"));
  ASSERT_EQ(Save(id, {{"heading", "Borgerrådgiveren kritiserer ventetider"},
                      {"introduction", "Ventetiderne er for lange."},
                      {"recipients_shown", "yes"},
                      {"lists", press},
                      {"lists", directors}})
                .result(),
            status::see_other);
  page = Send(verb::get, "/newsletters/" + id, Role::kCaseworker);
  EXPECT_THAT(page.body(), HasSubstr("Sendes til: Direktørerne, Pressen"));

  // During a hold it is approved by no one ...
  ASSERT_EQ(Hold(true).result(), status::ok);
  auto approve = Step(id, "approve");
  EXPECT_EQ(approve.result(), status::unprocessable_entity) << approve.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_issues WHERE id = '" + id + "' AND state = 'composing'"), 1);
  ASSERT_EQ(Hold(false).result(), status::ok);
  ASSERT_EQ(Step(id, "approve").result(), status::see_other);
  // ... and sent by no one.
  ASSERT_EQ(Hold(true).result(), status::ok);
  auto send = Step(id, "send", Role::kCaseworker);
  EXPECT_EQ(send.result(), status::unprocessable_entity) << send.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_deliveries"), 0);
  ASSERT_EQ(Hold(false).result(), status::ok);
  ASSERT_EQ(Step(id, "send", Role::kCaseworker).result(), status::see_other);

  // Three addresses, one copy each; the subscribers get none.
  EXPECT_EQ(database_->Scalar("SELECT recipients FROM newsletter_issues WHERE id = '" + id + "'"), 3);
  ASSERT_EQ(MailTo("journalist@avis.example").size(), 1u);
  ASSERT_EQ(MailTo("direktoer@buf.kommune.example").size(), 1u);
  const auto both = MailTo("presse@buf.kommune.example");
  ASSERT_EQ(both.size(), 1u);
  EXPECT_THAT(both[0].summary, HasSubstr("Ventetiderne er for lange."));
  // A list's member cannot leave by a link (the office keeps the list), and is told which list.
  EXPECT_THAT(both[0].raw, Not(HasSubstr("List-Unsubscribe")));
  EXPECT_THAT(both[0].summary, HasSubstr("fordi du står på listen \\\"Direktørerne\\\""));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(MailTo("abonnent-1@example.org", 1, 0).size(), 0u);
  EXPECT_EQ(MailTo("presse@buf.kommune.example", 2, 0).size(), 1u);

  // Published on its own path, and in the feed.
  Browser browser(server_->port());
  const auto published = browser.Get("/presse/1");
  EXPECT_EQ(published.result(), status::ok);
  EXPECT_THAT(published.body(), HasSubstr("Pressemeddelelse nr. 1"));
  EXPECT_EQ(browser.Get("/presse/2").result(), status::not_found);
  EXPECT_EQ(browser.Get("/nyhedsbrev/1").result(), status::not_found);
  EXPECT_THAT(browser.Get("/feed.atom").body(), HasSubstr("/presse/1"));
}

TEST_F(ProductsHttpTest, TheAnnualReportAndAKlarRetEditionArePublishedAsPdfUa) {
  // A period the form refuses, at its field.
  auto refused = PostForm("/newsletters", Role::kCaseworker,
                          {{"kind", "annual_report"}, {"heading", "Beretning"}, {"period_from", "2026-13-01"}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("href=\"#period_from\""));
  refused = PostForm("/newsletters", Role::kCaseworker,
                     {{"kind", "klarret"}, {"heading", "KlarRet"}, {"themes", "ikke_et_tema"}});
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Vælg kun temaer fra listen"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_issues"), 0);

  const std::string report = CreateProduct("annual_report", "Borgerrådgiverens beretning",
                                           {{"period_from", "2026-01-01"}, {"period_to", "2026-12-31"}});
  ASSERT_EQ(Save(report, {{"heading", "Borgerrådgiverens beretning"},
                          {"introduction", "Året i korte træk."},
                          {"items.0.heading", "Forord"},
                          {"items.0.body", "Borgerrådgiveren har haft et travlt år."}})
                .result(),
            status::see_other);
  ASSERT_EQ(Step(report, "approve").result(), status::see_other);
  ASSERT_EQ(Step(report, "send").result(), status::see_other);
  const auto pdf = WaitForPdf("/beretning/1/pdf");
  ASSERT_EQ(pdf.result(), status::ok) << pdf.body();
  EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
  ExpectPdfUa(pdf.body());
  Browser browser(server_->port());
  const auto page = browser.Get("/beretning/1");
  EXPECT_THAT(page.body(), HasSubstr("Beretning 2026"));
  EXPECT_THAT(page.body(), HasSubstr("/beretning/1/pdf"));
  // The document holds the year's figures as the report page shows them.
  EXPECT_THAT(database_->Text("SELECT html FROM product_documents"), HasSubstr("Sager modtaget i alt"));

  const std::string edition = CreateProduct("klarret", "KlarRet: partshøring",
                                            {{"period_from", "2026-01-01"}, {"period_to", "2026-04-30"},
                                             {"themes", "partshoering"}});
  ASSERT_EQ(Save(edition, {{"heading", "KlarRet: partshøring"},
                           {"items.0.heading", "Hør borgeren før afgørelsen"},
                           {"items.0.body", "Tre sager viste det samme."}})
                .result(),
            status::see_other);
  ASSERT_EQ(Step(edition, "approve").result(), status::see_other);
  ASSERT_EQ(Step(edition, "send").result(), status::see_other);
  const auto edition_pdf = WaitForPdf("/klarret/1/pdf");
  ASSERT_EQ(edition_pdf.result(), status::ok);
  ExpectPdfUa(edition_pdf.body());

  fs::create_directories(OMBUDSFLOW_TEST_OUTPUT_DIR);
  std::ofstream(fs::path(OMBUDSFLOW_TEST_OUTPUT_DIR) / "beretning.pdf", std::ios::binary) << pdf.body();
  std::ofstream(fs::path(OMBUDSFLOW_TEST_OUTPUT_DIR) / "klarret.pdf", std::ios::binary) << edition_pdf.body();
}


TEST_F(ProductsHttpTest, TheProductsPublishedHoldNothingOfTheComplainantInTheirPagesPdfsOrFeed) {
  // Canaries: the complainant's name, e-mail and phone, and the case's id.
  const std::string name = "Kanariefugl Mortensen";
  const std::string email = "kanarie-produkt@example.org";
  const std::string phone = "+45 70 70 12 34";
  auto created = PostJson(R"({"channel": "LETTER", "complainant": {"name": ")" + name + R"(", "email": ")" + email +
                          R"(", "phone": ")" + phone + R"(", "language": "da"}, "department": "BUF",)"
                          R"( "subject": "Partshøring", "description": "Jeg blev ikke hørt."})");
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string case_id = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  Walk(case_id, StepsToHearing());
  const std::string statement = "Forvaltningen skal høre borgeren, før den træffer afgørelse.";
  Walk(case_id, StepsToNoticeSent(statement));
  auto pending = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  for (const auto& notice : pending.notices()) {
    ASSERT_EQ(Send(verb::post, "/v1/notices/" + notice.id() + ":acknowledge", Role::kDepartment).result(), status::ok);
  }
  ASSERT_EQ(FireNow(case_id, Role::kOmbudsman, "approve_publication").result(), status::ok);
  // The case is of the edition's theme (as its classification records it).
  database_->Execute("INSERT INTO report_case_themes (complaint_id, theme, day, department) VALUES ('" + case_id +
                     "', 'partshoering', current_date, 'BUF')");
  const std::string month = database_->Text("SELECT date_trunc('month', current_date)::date::text");
  const std::string today = database_->Text("SELECT current_date::text");
  const std::string year_start = database_->Text("SELECT date_trunc('year', current_date)::date::text");
  const std::string year_end =
      database_->Text("SELECT (date_trunc('year', current_date) + interval '1 year - 1 day')::date::text");

  // A KlarRet edition begins from the case's statement; the annual report
  // and a press release are released beside it.
  const std::string edition = CreateProduct(
      "klarret", "KlarRet: hør borgeren", {{"period_from", month}, {"period_to", today}, {"themes", "partshoering"}});
  EXPECT_THAT(Send(verb::get, "/newsletters/" + edition, Role::kCaseworker).body(), HasSubstr(statement));
  ASSERT_EQ(Step(edition, "approve").result(), status::see_other);
  ASSERT_EQ(Step(edition, "send").result(), status::see_other);
  const std::string report = CreateProduct("annual_report", "Beretningen",
                                           {{"period_from", year_start}, {"period_to", year_end}});
  ASSERT_EQ(Step(report, "approve").result(), status::see_other);
  ASSERT_EQ(Step(report, "send").result(), status::see_other);
  const std::string press = CreateList("Pressen");
  ASSERT_EQ(AddMember(press, "Journalist", "journalist@avis.example").result(), status::see_other);
  const std::string release = CreateProduct("press_release", "Hør borgeren først");
  ASSERT_EQ(Save(release, {{"heading", "Hør borgeren først"},
                           {"introduction", "Borgerrådgiveren har set på partshøring."},
                           {"recipients_shown", "yes"},
                           {"lists", press}})
                .result(),
            status::see_other);
  ASSERT_EQ(Step(release, "approve").result(), status::see_other);
  ASSERT_EQ(Step(release, "send").result(), status::see_other);

  Browser browser(server_->port());
  const auto edition_page = browser.Get("/klarret/1");
  ASSERT_EQ(edition_page.result(), status::ok);
  EXPECT_THAT(edition_page.body(), HasSubstr(statement));  // the case is in it
  const auto edition_pdf = WaitForPdf("/klarret/1/pdf");
  ASSERT_EQ(edition_pdf.result(), status::ok);
  const std::string edition_text = PdfText(edition_pdf.body());
  EXPECT_THAT(edition_text, HasSubstr("Forvaltningen skal høre borgeren"));
  const auto report_pdf = WaitForPdf("/beretning/1/pdf");
  ASSERT_EQ(report_pdf.result(), status::ok);
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"/klarret/1", edition_page.body()},
      {"/klarret/1/pdf", edition_text},
      {"/beretning/1", browser.Get("/beretning/1").body()},
      {"/beretning/1/pdf", PdfText(report_pdf.body())},
      {"/presse/1", browser.Get("/presse/1").body()},
      {"/feed.atom", browser.Get("/feed.atom").body()}};
  for (const auto& [path, output] : outputs) {
    EXPECT_GT(output.size(), 200u) << path;
    for (const std::string& canary : {name, std::string("Kanariefugl"), email, std::string("kanarie-produkt"), phone,
                                      std::string("70 70 12 34"), case_id}) {
      EXPECT_THAT(output, Not(HasSubstr(canary))) << path << " shows " << canary;
    }
  }
  // And the press got its one copy, with nothing of the case either.
  const auto press_mail = MailTo("journalist@avis.example");
  ASSERT_EQ(press_mail.size(), 1u);
  // Its summary holds the subject and each part's text decoded.
  const std::string& decoded = press_mail[0].summary;
  EXPECT_THAT(decoded, HasSubstr("Hør borgeren først"));
  EXPECT_THAT(decoded, HasSubstr("partshøring"));
  for (const std::string& canary : {std::string("Kanariefugl"), std::string("kanarie-produkt"), phone, case_id}) {
    EXPECT_THAT(decoded, Not(HasSubstr(canary))) << canary;
  }
}

TEST_F(ProductsHttpTest, TheSurveyFromTheLinkIsAnsweredOnceAndReportedOnlyInGroupsOfFive) {
  const auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  // Open cases get no survey; closing one sends its citizen the link.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM survey_invitations"), 0);
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "withdraw").result(), status::ok);
  std::string path;
  for (int i = 0; i < 200 && path.empty(); ++i) {
    for (const auto& mail : MailTo("jens@example.dk", 1, 0)) {
      if (path.empty()) path = Find(mail.summary, R"re(https?://[^/]+(/tilfredshed/[0-9a-f]{64}))re");
    }
    if (path.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(path.empty());

  Browser browser(server_->port());
  const auto form = browser.Get(path);
  ASSERT_EQ(form.result(), status::ok);
  EXPECT_THAT(form.body(), HasSubstr("Forstod du, hvad vi skrev og sagde til dig?"));
  // Nothing answered, or an answer off the scale: said at the question, nothing kept.
  const auto nothing = browser.Post(path, {}, /*with_csrf=*/false);
  EXPECT_EQ(nothing.result(), status::bad_request);
  EXPECT_THAT(nothing.body(), HasSubstr("Vælg et svar på mindst ét spørgsmål"));
  EXPECT_THAT(nothing.body(), HasSubstr("href=\"#understood\""));
  const auto off = browser.Post(path, {{"understood", "9"}}, false);
  EXPECT_EQ(off.result(), status::bad_request);
  EXPECT_THAT(off.body(), HasSubstr("Vælg et af svarene"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM survey_responses"), 0);

  const auto answered =
      browser.Post(path, {{"understood", "5"}, {"respected", "4"}, {"speed", "2"}, {"overall", ""}}, false);
  EXPECT_EQ(answered.result(), status::ok);
  EXPECT_THAT(answered.body(), HasSubstr("Tak for dine svar"));
  // Once only.
  const auto again = browser.Post(path, {{"understood", "1"}}, false);
  EXPECT_THAT(again.body(), HasSubstr("Linket virker ikke længere"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM survey_responses"), 1);
  // Nothing ties the answer to the case: the link is gone, the answer has
  // the workflow, the outcome and the month only.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM survey_invitations WHERE token_hash IS NOT NULL"), 0);
  EXPECT_EQ(database_->Text("SELECT workflow || '/' || outcome || '/' || extract(day FROM month) FROM survey_responses"),
            "complaint/withdrawn/1");

  // One answer is fewer than five: counted, not shown.
  auto report = Parse<v1::AnnualReport>(Send(verb::get, "/v1/reports/annual", Role::kOmbudsman));
  EXPECT_EQ(report.satisfaction_size(), 0);
  EXPECT_EQ(report.satisfaction_hidden(), 1);
  database_->Execute(
      "INSERT INTO survey_responses (workflow, outcome, month, understood, respected, speed, overall)"
      " SELECT 'complaint', 'withdrawn', date_trunc('month', now())::date, 3, 3, 3, 3 FROM generate_series(1, 4)");
  report = Parse<v1::AnnualReport>(Send(verb::get, "/v1/reports/annual", Role::kOmbudsman));
  ASSERT_EQ(report.satisfaction_size(), 1);
  EXPECT_EQ(report.satisfaction(0).responses(), 5);
  EXPECT_DOUBLE_EQ(report.satisfaction(0).understood(), 17.0 / 5.0);
  EXPECT_DOUBLE_EQ(report.satisfaction(0).overall(), 3.0);  // the one "don't know" is not counted
  EXPECT_EQ(report.satisfaction_hidden(), 0);
  const auto page = Send(verb::get, "/reports", Role::kOmbudsman);
  EXPECT_THAT(page.body(), HasSubstr("Borgernes tilfredshed"));
  EXPECT_THAT(page.body(), HasSubstr("3,4"));
  // The case's own page says nothing of it.
  EXPECT_THAT(Send(verb::get, "/cases/" + id, Role::kCaseworker).body(), Not(HasSubstr("tilfredshed")));
}

TEST_F(ProductsHttpTest, SubscriberAddressesAreSeenOnlyUnderTheOmbudsmansGrantAndEveryUseIsRecorded) {
  AddSubscribers(3, "abonnent-");
  const std::string page = "/newsletters/subscribers";
  const std::string lookup = page + "/lookup";
  const std::string grants = page + "/grants";
  const std::string admin = user_ids_.at(Role::kAdministrator);

  // The administrator sees the numbers, no address, and no lookup.
  const auto numbers = Send(verb::get, page, Role::kAdministrator);
  ASSERT_EQ(numbers.result(), status::ok) << numbers.body();
  EXPECT_THAT(numbers.body(), HasSubstr("Bekræftede abonnenter: <strong>3</strong>"));
  EXPECT_THAT(numbers.body(), Not(HasSubstr("abonnent-1@example.org")));
  EXPECT_THAT(numbers.body(), Not(HasSubstr("action=\"" + lookup + "\"")));
  EXPECT_THAT(numbers.body(), HasSubstr("Du kan ikke se abonnenternes adresser"));
  // A department sees nothing of it.
  EXPECT_EQ(Send(verb::get, page, Role::kDepartment).result(), status::not_found);
  // Without a grant a lookup is refused, and nothing is recorded.
  const auto refused = PostForm(lookup, Role::kAdministrator, {{"email", "abonnent-1@example.org"}});
  EXPECT_EQ(refused.result(), status::forbidden);
  EXPECT_THAT(refused.body(), Not(HasSubstr("abonnent-1@")));

  // Only the ombudsman gives the permission: not the administrator, not
  // even to themselves, nor the caseworker or the deputy.
  for (Role role : {Role::kAdministrator, Role::kCaseworker, Role::kDeputy}) {
    const auto given = PostForm(grants, role, {{"user", admin}, {"purpose", "Indsigt"}, {"days", "7"}});
    EXPECT_THAT(static_cast<int>(given.result()), ::testing::AnyOf(403, 404)) << RoleName(role);
  }
  // A form with errors names each field in Danish, and a department's
  // person cannot be given it.
  const auto bad = PostForm(grants, Role::kOmbudsman, {{"user", ""}, {"purpose", ""}, {"days", "365"}});
  EXPECT_EQ(bad.result(), status::bad_request);
  EXPECT_THAT(bad.body(), HasSubstr("Vælg et svar under „Medarbejder“"));
  EXPECT_THAT(bad.body(), HasSubstr("Udfyld feltet „Formål“"));
  EXPECT_THAT(bad.body(), HasSubstr("Vælg, hvor længe adgangen skal gælde"));
  const auto department = PostForm(
      grants, Role::kOmbudsman, {{"user", user_ids_.at(Role::kDepartment)}, {"purpose", "Indsigt"}, {"days", "7"}});
  EXPECT_EQ(department.result(), status::bad_request);
  EXPECT_THAT(department.body(), HasSubstr("Vælg en af kontorets medarbejdere"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM subscriber_access_grants"), 0);

  // The ombudsman gives the administrator seven days.
  const auto granted = PostForm(
      grants, Role::kOmbudsman, {{"user", admin}, {"purpose", "En abonnent har bedt om indsigt"}, {"days", "7"}});
  EXPECT_EQ(granted.result(), status::see_other) << granted.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM subscriber_access_grants WHERE user_id = '" + admin +
                              "' AND ends_at BETWEEN now() + interval '6 days' AND now() + interval '8 days'"),
            1);
  // The administrator looks an address up as the person wrote it: its
  // state and the consent they gave.
  const auto found = PostForm(lookup, Role::kAdministrator, {{"email", " Abonnent-2@Example.org "}});
  ASSERT_EQ(found.result(), status::ok) << found.body();
  EXPECT_THAT(found.body(), HasSubstr("abonnent-2@example.org"));
  EXPECT_THAT(found.body(), HasSubstr("Ja tak"));
  EXPECT_THAT(found.body(), Not(HasSubstr("abonnent-1@example.org")));
  const auto none = PostForm(lookup, Role::kAdministrator, {{"email", "ingen@example.org"}});
  EXPECT_THAT(none.body(), HasSubstr("står ikke på listen"));
  const auto not_an_address = PostForm(lookup, Role::kAdministrator, {{"email", "ikke en adresse"}});
  EXPECT_EQ(not_an_address.result(), status::bad_request);
  EXPECT_THAT(not_an_address.body(), HasSubstr("Skriv en e-mailadresse i feltet „E-mailadresse“"));
  // And deletes it: the address is gone, and counted as one who left.
  const auto removed = PostForm(page + "/remove", Role::kAdministrator, {{"email", "abonnent-2@example.org"}});
  EXPECT_EQ(removed.result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE email LIKE 'abonnent-2@%'"), 0);
  EXPECT_EQ(database_->Scalar("SELECT coalesce(sum(count), 0) FROM newsletter_subscription_counts"
                              " WHERE event = 'unsubscribed'"),
            1);
  // Every use is recorded, without the address.
  EXPECT_EQ(database_->Text("SELECT string_agg(outcome, ',' ORDER BY id) FROM subscriber_access_uses"),
            "found,not_found,removed");

  // The ombudsman sees the grant and its uses, and ends it; the access ends.
  const auto overview = Send(verb::get, page, Role::kOmbudsman);
  EXPECT_THAT(overview.body(), HasSubstr("3 opslag og sletninger"));
  EXPECT_THAT(overview.body(), HasSubstr("En abonnent har bedt om indsigt"));
  const std::string grant = database_->Text("SELECT id::text FROM subscriber_access_grants");
  EXPECT_EQ(PostForm(grants + "/" + grant + "/revoke", Role::kOmbudsman, {}).result(), status::see_other);
  EXPECT_EQ(PostForm(lookup, Role::kAdministrator, {{"email", "abonnent-1@example.org"}}).result(), status::forbidden);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM subscriber_access_uses"), 3);
}

}  // namespace
}  // namespace ombudsflow::testing
