// The complaint form's documents step over real sockets, with a real clamd
// (its own EICAR-only signatures): files added before the complaint exists
// are checked, typed and scanned at once, can be removed, and become the
// case's documents, once, when it is sent; what is refused is refused at
// its field and keeps nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/clamd_process.h"
#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class ComplaintFormDocumentsTest : public ServerFixture {
 protected:
  static void SetUpTestSuite() { clamd_ = ClamdProcess::Start().release(); }
  static void TearDownTestSuite() {
    delete clamd_;
    clamd_ = nullptr;
  }

  std::vector<std::string> ServerArgs() const override {
    return {"--complaint-form-min-seconds", "0",   "--clamd-socket", clamd_->socket_path(), "--document-max-mib", "1",
            "--complaint-form-uploads-burst", UploadBurst()};
  }
  virtual std::string UploadBurst() const { return "100"; }

  // The form answered up to its documents, which the browser shows.
  void AnswerUpToDocuments(Browser& browser) {
    ASSERT_EQ(browser.Get("/klage/forvaltning").result(), status::ok);
    ASSERT_EQ(browser.Post("/klage/forvaltning", {{"department", "BUF"}}).result(), status::see_other);
    ASSERT_EQ(browser.Post("/klage/hvad-skete", {{"subject", "Afslag på støtte"}, {"what_happened", "Afslag"}})
                  .result(),
              status::see_other);
    ASSERT_EQ(browser.Post("/klage/svar", {{"department_answer", "answered"}}).result(), status::see_other);
    ASSERT_EQ(browser.last().result(), status::ok);
    ASSERT_THAT(browser.last().body(), HasSubstr("Har du dokumenter, der hører til klagen?"));
  }

  // The page's upload address (with its token), or its "Fortsæt"'s.
  static std::string Action(const std::string& page, bool and_continue = false) {
    static const std::regex kUpload(R"re(action="(/klage/dokumenter/tilfoej\?[^"]+)")re");
    static const std::regex kContinue(R"re(formaction="(/klage/dokumenter/tilfoej\?[^"]+)")re");
    std::smatch match;
    if (!std::regex_search(page, match, and_continue ? kContinue : kUpload)) return {};
    std::string target = match[1];
    for (auto at = target.find("&amp;"); at != std::string::npos; at = target.find("&amp;")) target.replace(at, 5, "&");
    return target;
  }

  // A multipart post of the upload form, in the browser's cookies.
  HttpResponse Upload(Browser& browser, const std::string& target, const std::string& title,
                      const std::string& file_name, const std::string& bytes) {
    const std::string boundary = "formboundary";
    const std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title +
                             "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                             file_name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" +
                             boundary + "--\r\n";
    return SendHttp(server_->port(), verb::post, target, body,
                    {{"Content-Type", "multipart/form-data; boundary=" + boundary},
                     {"Cookie", "ombudsflow_klage=" + browser.Cookie("ombudsflow_klage")}});
  }

  long long Scalar(const std::string& sql) { return database_->Scalar(sql); }

  static inline ClamdProcess* clamd_ = nullptr;
};

TEST_F(ComplaintFormDocumentsTest, FilesAddedBeforeTheCaseExistsBecomeItsDocumentsOnceWhenItIsSent) {
  Browser browser(server_->port());
  AnswerUpToDocuments(browser);
  const std::string upload = Action(browser.last().body());
  ASSERT_FALSE(upload.empty()) << browser.last().body();
  const long long contents_before = Scalar("SELECT count(*) FROM document_contents");

  auto added = Upload(browser, upload, "Afslag fra 3. marts", "afslag.pdf", std::string(kPdf));
  ASSERT_EQ(added.result(), status::see_other) << added.body();
  EXPECT_EQ(added[http::field::location], "/klage/dokumenter?tilfoejet=1");
  auto page = browser.Get("/klage/dokumenter?tilfoejet=1");
  EXPECT_THAT(page.body(), HasSubstr("Dokumentet er tilføjet."));
  EXPECT_THAT(page.body(), HasSubstr("Afslag fra 3. marts (afslag.pdf)"));
  ASSERT_EQ(Upload(browser, upload, "", "noter.txt", "Mine noter om sagen.\n").result(), status::see_other);
  page = browser.Get("/klage/dokumenter");
  EXPECT_THAT(page.body(), HasSubstr("noter.txt"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 2);

  // The notes removed: their row and bytes go.
  static const std::regex kRemove(R"re(action="(/klage/dokumenter/[0-9a-f-]{36}/fjern)")re");
  std::vector<std::string> removes;
  const std::string body = page.body();
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kRemove); it != std::sregex_iterator(); ++it) {
    removes.push_back((*it)[1]);
  }
  ASSERT_EQ(removes.size(), 2u);
  ASSERT_EQ(browser.Post(removes[1], {}).result(), status::see_other);
  EXPECT_THAT(browser.last().body(), Not(HasSubstr("noter.txt")));
  EXPECT_EQ(browser.Post(removes[1], {}).result(), status::see_other);  // a second click: nothing more
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM document_contents"), contents_before + 1);

  // "Fortsæt" with no file chosen goes on.
  const std::string go_on = Action(browser.Get("/klage/dokumenter").body(), /*and_continue=*/true);
  ASSERT_THAT(go_on, HasSubstr("videre=1"));
  const auto next = Upload(browser, go_on, "", "", "");
  ASSERT_EQ(next.result(), status::see_other) << next.body();
  EXPECT_EQ(next[http::field::location], "/klage/dig");
  // Its new token, as every answered page gives.
  for (const auto& field : next) {
    if (field.name() != http::field::set_cookie) continue;
    const std::string set(field.value());
    if (set.starts_with("ombudsflow_klage=")) browser.SetCookie("ombudsflow_klage", set.substr(17, 64));
  }
  ASSERT_EQ(browser.Get("/klage/dig").result(), status::ok);
  ASSERT_EQ(browser.Post("/klage/dig", {{"name", "Karen Borger"}, {"email", "karen@example.dk"}}).result(),
            status::see_other);
  ASSERT_EQ(browser.Post("/klage/behov", {}).result(), status::see_other);
  EXPECT_THAT(browser.last().body(), HasSubstr("Afslag fra 3. marts"));  // on the check page
  ASSERT_EQ(browser.Post("/klage/tjek", {}).result(), status::see_other);
  ASSERT_EQ(browser.Post("/klage/tjek", {}).result(), status::see_other);  // sent twice

  const std::string id = database_->Text("SELECT id FROM complaints");
  EXPECT_EQ(Scalar("SELECT count(*) FROM case_documents d JOIN journal j ON j.id = d.journal_id"
                   " WHERE d.complaint_id = '" + id + "' AND d.title = 'Afslag fra 3. marts'"
                   " AND d.file_name = 'afslag.pdf' AND d.uploaded_by = 'system:citizen' AND d.direction = 'in'"
                   " AND d.audience = 'office' AND d.scan_state = 'clean'"),
            1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id + "'"), 1);
  // The staged file and its bytes are gone: the case's copy is the one kept.
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM document_contents"), contents_before + 1);
}

TEST_F(ComplaintFormDocumentsTest, WhatIsRefusedIsRefusedAtItsFieldAndKeepsNothing) {
  Browser browser(server_->port());
  AnswerUpToDocuments(browser);
  const std::string upload = Action(browser.last().body());
  const long long contents_before = Scalar("SELECT count(*) FROM document_contents");

  const auto virus = Upload(browser, upload, "", "brev.txt", std::string(kEicar));
  EXPECT_EQ(virus.result(), status::unprocessable_entity) << virus.body();
  EXPECT_THAT(virus.body(), HasSubstr("Filen indeholder virus. Vi har ikke gemt den"));
  EXPECT_THAT(virus.body(), HasSubstr(R"(href="#file")"));
  const auto program =
      Upload(browser, upload, "", "program.exe", std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + std::string(200, 'A'));
  EXPECT_EQ(program.result(), status::unsupported_media_type);
  EXPECT_THAT(program.body(), HasSubstr("Vi kan ikke modtage den slags fil"));
  const auto large = Upload(browser, upload, "", "stor.txt", std::string(1024 * 1024 + 1, 'x'));
  EXPECT_EQ(large.result(), status::payload_too_large);
  EXPECT_THAT(large.body(), HasSubstr("Filen er for stor. Den må højst fylde 1 MB"));
  const auto none = Upload(browser, upload, "", "", "");
  EXPECT_EQ(none.result(), status::bad_request);
  EXPECT_THAT(none.body(), HasSubstr("Vælg den fil, du vil tilføje"));
  const auto title = Upload(browser, upload, std::string(201, 't'), "brev.pdf", std::string(kPdf));
  EXPECT_EQ(title.result(), status::bad_request);
  EXPECT_THAT(title.body(), HasSubstr(R"(href="#title")"));
  // Another site's form, without the page's token, and a browser with no
  // form of its own: the body is not even read.
  EXPECT_EQ(Upload(browser, "/klage/dokumenter/tilfoej", "", "brev.pdf", std::string(kPdf)).result(),
            status::bad_request);
  Browser stranger(server_->port());
  EXPECT_EQ(Upload(stranger, upload, "", "brev.pdf", std::string(kPdf)).result(), status::bad_request);
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM document_contents"), contents_before);

  // Ten files at most; the eleventh is refused at the field.
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Upload(browser, upload, "", "brev" + std::to_string(i) + ".pdf", std::string(kPdf)).result(),
              status::see_other);
  }
  const auto eleventh = Upload(browser, upload, "", "brev10.pdf", std::string(kPdf));
  EXPECT_EQ(eleventh.result(), status::unprocessable_entity);
  EXPECT_THAT(eleventh.body(), HasSubstr("Du kan højst tilføje 10 filer"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 10);

  // Starting afresh forgets them, bytes and all.
  ASSERT_EQ(browser.Get("/klage/forvaltning?ny=1").result(), status::ok);
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM document_contents"), contents_before);
}

TEST_F(ComplaintFormDocumentsTest, FortsaetWithAFileChosenAddsItThenGoesOn) {
  Browser browser(server_->port());
  AnswerUpToDocuments(browser);
  const auto next = Upload(browser, Action(browser.last().body(), true), "Kopi af afgørelsen", "afgoerelse.pdf",
                           std::string(kPdf));
  ASSERT_EQ(next.result(), status::see_other) << next.body();
  EXPECT_EQ(next[http::field::location], "/klage/dig");
  EXPECT_EQ(database_->Text("SELECT title FROM complaint_form_files"), "Kopi af afgørelsen");
}

class ComplaintFormUploadLimitTest : public ComplaintFormDocumentsTest {
 protected:
  std::string UploadBurst() const override { return "2"; }
};

TEST_F(ComplaintFormUploadLimitTest, AnAddressBeyondItsShareOfUploadsIsToldToWaitBeforeItsBodyIsRead) {
  Browser browser(server_->port());
  AnswerUpToDocuments(browser);
  const std::string upload = Action(browser.last().body());
  ASSERT_EQ(Upload(browser, upload, "", "brev1.pdf", std::string(kPdf)).result(), status::see_other);
  ASSERT_EQ(Upload(browser, upload, "", "brev2.pdf", std::string(kPdf)).result(), status::see_other);
  const auto limited = Upload(browser, upload, "", "brev3.pdf", std::string(kPdf));
  EXPECT_EQ(limited.result(), status::too_many_requests) << limited.body();
  EXPECT_EQ(limited[http::field::retry_after], "60");
  EXPECT_THAT(limited.body(), HasSubstr("lang=\"da\""));
  EXPECT_EQ(Scalar("SELECT count(*) FROM complaint_form_files"), 2);
}

}  // namespace
}  // namespace ombudsflow::testing
