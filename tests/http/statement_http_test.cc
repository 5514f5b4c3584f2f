// The department's statement and the citizen's comments (complaint v8),
// walked as clients make it, with a real clamd, a real SMTP server and the
// timer job: the department sends its statement as a document; the
// caseworker sends it to the citizen, who gets it attached to a letter with
// a deadline, is reminded once, and whose comments are registered as a
// document of the case; or the deadline passes and the office is told.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "engine/core/base/hex.h"
#include "ombudsflow/v1/alerts.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/documents.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "tests/support/file_contents.h"
#include "tests/support/case_walk.h"
#include "tests/support/clamd_process.h"
#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"
#include "tests/support/smtp_receiver.h"

namespace ombudsflow::testing {
namespace {

namespace fs = std::filesystem;
using http::status;
using http::verb;
using ::testing::HasSubstr;

// The department's statement, as libmagic knows a PDF.
const std::string kStatement =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Udtalelse fra BUF\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class StatementHttpTest : public ServerFixture {
 protected:
  static void SetUpTestSuite() { clamd_ = ClamdProcess::Start().release(); }
  static void TearDownTestSuite() {
    delete clamd_;
    clamd_ = nullptr;
  }

  StatementHttpTest() : smtp_(SmtpReceiver::Start()) {
    char folder[] = "/tmp/ombudsflow-statement-print-XXXXXX";
    print_folder_ = mkdtemp(folder);
  }
  ~StatementHttpTest() override { fs::remove_all(print_folder_); }

  std::vector<std::string> ServerArgs() const override {
    return {"--clamd-socket", clamd_->socket_path(), "--scan-interval-ms", "200", "--smtp-url", smtp_->Url(),
            "--print-folder", print_folder_.string(), "--letter-interval-ms", "100", "--timer-interval-ms", "100"};
  }

  void SetUp() override {
    ServerFixture::SetUp();
    auto created = PostJson(kValidIntakeJson);  // jens@example.dk
    ASSERT_EQ(created.result(), status::created) << created.body();
    id_ = Parse<v1::Complaint>(created).id();
    Walk(id_, StepsToHearing());
  }

  void TearDown() override {
    if (HasFailure() && server_) std::cerr << server_->Log();
    ServerFixture::TearDown();
  }

  // An upload with its file as the body and its description in the query.
  v1::CaseDocument Upload(Role role, const std::string& query, const std::string& file) {
    auto uploaded = Send(verb::post, "/v1/complaints/" + id_ + "/documents?" + query, role, file,
                         {{"Content-Type", "application/octet-stream"}});
    EXPECT_EQ(uploaded.result(), status::created) << uploaded.body();
    return Parse<v1::CaseDocument>(uploaded);
  }

  v1::CaseDocument Document(const std::string& document_id) {
    return Parse<v1::CaseDocument>(
        Send(verb::get, "/v1/complaints/" + id_ + "/documents/" + document_id, Role::kCaseworker));
  }

  // Waits until `check` holds, up to 60 s (WeasyPrint starts slowly on a busy machine).
  template <class Check>
  bool WaitUntil(Check check) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (check()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::string State() { return Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id_, Role::kCaseworker)).state(); }

  // The case's deadline passes now; the timer job fires it.
  void DeadlinePasses(const std::string& next_state) {
    database_->Execute("UPDATE case_state SET deadline_at = now() - interval '1 minute' WHERE id = '" + id_ + "'");
    EXPECT_TRUE(WaitUntil([&] { return State() == next_state; })) << State();
  }

  v1::ListLettersResponse Letters() {
    return Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id_ + "/letters", Role::kCaseworker));
  }

  // The case's letter from `template_name`, as it is now.
  std::optional<v1::Letter> LetterOf(const std::string& template_name) {
    const v1::ListLettersResponse letters = Letters();
    for (const auto& letter : letters.letters()) {
      if (letter.template_() == template_name) return letter;
    }
    return std::nullopt;
  }

  // The statement, sent by the department and scanned clean, with its answer.
  v1::CaseDocument StatementAnswered() {
    v1::CaseDocument statement = Upload(Role::kDepartment, "title=Udtalelse&file_name=udtalelse.pdf", kStatement);
    EXPECT_GT(statement.document_number(), 0u);
    EXPECT_TRUE(WaitUntil([&] { return Document(statement.id()).scan_state() == v1::SCAN_CLEAN; }));
    EXPECT_EQ(FireNow(id_, Role::kDepartment, "record_department_answer",
                      R"({"department_answer": "Vores udtalelse er sendt som dokument."})")
                  .result(),
              status::ok);
    return statement;
  }

  static inline ClamdProcess* clamd_ = nullptr;
  std::unique_ptr<SmtpReceiver> smtp_;
  fs::path print_folder_;
  std::string id_;
};

TEST_F(StatementHttpTest, TheStatementReachesTheCitizenAttachedAndTheCommentsAreRegistered) {
  // The hearing asked the department for its statement and the case's documents.
  const std::optional<v1::Letter> request = LetterOf("statement_request");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->recipient(), "department");
  EXPECT_THAT(request->html(), HasSubstr("sagens akter"));

  const v1::CaseDocument statement = StatementAnswered();
  ASSERT_EQ(State(), "assessment");
  EXPECT_EQ(Document(statement.id()).audience(), v1::SHARED_WITH_DEPARTMENT);

  // Only the department's own statement, scanned, may be sent: not the
  // complaint, not a number the case lacks, not what the citizen sent in
  // (it would reach the department too); a department may not send it;
  // each refusal changes nothing, neither the case, its letters nor who
  // sees a document.
  v1::CaseDocument citizens = Upload(Role::kCaseworker,
                                     "title=Borgerens%20l%C3%A6gejournal&direction=DOCUMENT_IN&counterpart=citizen"
                                     "&file_name=journal.pdf",
                                     kStatement);
  ASSERT_TRUE(WaitUntil([&] { return Document(citizens.id()).scan_state() == v1::SCAN_CLEAN; }));
  const long long before = RowsWritten();
  const int letters_before = Letters().letters_size();
  // Nor a statement the office added under a name that names the
  // complainant: shared, the department would read it.
  v1::CaseDocument named = Upload(Role::kCaseworker,
                                  "title=Udtalelse%20vedr.%20Jens%20Hansen&direction=DOCUMENT_IN&counterpart=BUF"
                                  "&file_name=udtalelse.pdf",
                                  kStatement);
  ASSERT_TRUE(WaitUntil([&] { return Document(named.id()).scan_state() == v1::SCAN_CLEAN; }));
  auto names_complainant = FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                                   R"({"statement_document": )" + std::to_string(named.document_number()) + "}");
  EXPECT_EQ(names_complainant.result(), status::unprocessable_entity) << names_complainant.body();
  EXPECT_THAT(names_complainant.body(), HasSubstr("names the complainant"));
  EXPECT_EQ(Document(named.id()).audience(), v1::OFFICE_ONLY);
  auto not_the_departments = FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                                     R"({"statement_document": )" + std::to_string(citizens.document_number()) + "}");
  EXPECT_EQ(not_the_departments.result(), status::unprocessable_entity) << not_the_departments.body();
  EXPECT_THAT(not_the_departments.body(), HasSubstr("is not from the department"));
  auto not_a_document = FireNow(id_, Role::kCaseworker, "send_statement_for_comments", R"({"statement_document": 1})");
  EXPECT_EQ(not_a_document.result(), status::unprocessable_entity) << not_a_document.body();
  EXPECT_THAT(not_a_document.body(), HasSubstr("document_on_case"));
  EXPECT_EQ(FireNow(id_, Role::kCaseworker, "send_statement_for_comments", R"({"statement_document": 999})").result(),
            status::unprocessable_entity);
  EXPECT_EQ(FireNow(id_, Role::kCaseworker, "send_statement_for_comments", R"({"statement_document": "fem"})").result(),
            status::bad_request);
  EXPECT_EQ(FireNow(id_, Role::kDepartment, "send_statement_for_comments",
                    R"({"statement_document": )" + std::to_string(statement.document_number()) + "}")
                .result(),
            status::forbidden);
  EXPECT_EQ(RowsWritten(), before);
  EXPECT_EQ(Letters().letters_size(), letters_before);
  EXPECT_EQ(Document(citizens.id()).audience(), v1::OFFICE_ONLY);
  EXPECT_EQ(Document(statement.id()).audience(), v1::SHARED_WITH_DEPARTMENT);

  // Sent: shared with the citizen, and attached to the letter with the deadline.
  auto sent = FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                      R"({"statement_document": )" + std::to_string(statement.document_number()) + "}");
  ASSERT_EQ(sent.result(), status::ok) << sent.body();
  EXPECT_EQ(State(), "awaiting_comments");
  EXPECT_EQ(Document(statement.id()).audience(), v1::SHARED_WITH_CITIZEN);
  ASSERT_TRUE(WaitUntil([&] {
    const std::optional<v1::Letter> letter = LetterOf("statement_for_comments");
    return letter.has_value() && letter->delivery_state() == "delivered";
  })) << Letters().DebugString();
  const v1::Letter letter = LetterOf("statement_for_comments").value();
  EXPECT_THAT(letter.html(), HasSubstr("dokument nr. " + std::to_string(statement.document_number())));
  EXPECT_THAT(letter.html(), HasSubstr("senest"));  // the deadline, as a date

  nlohmann::json mail;
  int n = 1;
  for (; fs::exists(smtp_->folder() / (std::to_string(n) + ".json")); ++n) {
    mail = nlohmann::json::parse(FileContents(smtp_->folder() / (std::to_string(n) + ".json")));
    if (mail["subject"] == letter.subject()) break;
  }
  ASSERT_EQ(mail["subject"], letter.subject());
  ASSERT_EQ(mail["parts"].size(), 3u) << mail.dump();
  EXPECT_EQ(mail["parts"][1]["contentType"], "application/pdf");  // the letter
  EXPECT_EQ(mail["parts"][2]["contentType"], "application/pdf");  // the statement
  EXPECT_EQ(mail["parts"][2]["filename"], "udtalelse.pdf");
  EXPECT_EQ(FileContents(smtp_->folder() / (std::to_string(n) + "-udtalelse.pdf")), kStatement);

  // On Min sag, by the e-mail's own link: the stage asks for comments,
  // with the deadline, and the statement is there to read.
  std::smatch link;
  const std::string html = mail["parts"][0]["text"];
  static const std::regex kLink(R"(/min-sag/adgang/[0-9a-f]{64})");
  ASSERT_TRUE(std::regex_search(html, link, kLink)) << html;
  Browser citizen(server_->port());
  ASSERT_EQ(citizen.Get(link[0]).result(), status::see_other);
  const auto min_sag = citizen.Get("/min-sag");
  ASSERT_EQ(min_sag.result(), status::ok) << min_sag.body();
  EXPECT_THAT(min_sag.body(), HasSubstr("Du kan kommentere forvaltningens udtalelse"));
  EXPECT_THAT(min_sag.body(), HasSubstr("Næste frist i sagen:"));
  EXPECT_THAT(min_sag.body(), HasSubstr("/min-sag/dokumenter/" + statement.id()));
  const auto read = citizen.Get("/min-sag/dokumenter/" + statement.id());
  ASSERT_EQ(read.result(), status::ok);
  EXPECT_EQ(read.body(), kStatement);

  // The deadline passes: the citizen is reminded once.
  DeadlinePasses("comments_reminded");
  EXPECT_TRUE(WaitUntil([&] { return LetterOf("comments_reminder").has_value(); }));

  // The comments come by e-mail; the caseworker adds them and names them.
  v1::CaseDocument comments = Upload(Role::kCaseworker,
                                     "title=Borgerens%20kommentarer&direction=DOCUMENT_IN&counterpart=citizen"
                                     "&file_name=kommentarer.txt",
                                     "Jeg er ikke enig i forvaltningens udtalelse.\n");
  auto recorded = FireNow(id_, Role::kCaseworker, "record_citizen_comments",
                          R"({"comments_document": )" + std::to_string(comments.document_number()) + "}");
  ASSERT_EQ(recorded.result(), status::ok) << recorded.body();
  EXPECT_EQ(State(), "assessment");

  // The case file, in order: the statement, the letter that sent it, the
  // reminder and the comments, each with its number.
  const auto journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + id_ + "/journal", Role::kCaseworker));
  std::vector<std::string> subjects;
  for (const auto& entry : journal.entries()) {
    if (entry.document_number() >= statement.document_number()) subjects.push_back(entry.subject());
  }
  ASSERT_GE(subjects.size(), 5u) << journal.DebugString();
  EXPECT_EQ(subjects.front(), "Udtalelse");
  EXPECT_EQ(subjects.back(), "Borgerens kommentarer");
  EXPECT_EQ(std::count(subjects.begin(), subjects.end(), letter.subject()), 1);

  // And the assessment goes on as before.
  EXPECT_EQ(FireNow(id_, Role::kCaseworker, "assess_points",
                    R"({"assessments": [{"number": 1, "outcome": "NO_CRITICISM", "reasoning": "I orden."}]})")
                .result(),
            status::ok);
}

TEST_F(StatementHttpTest, WithoutCommentsTheAssessmentGoesOnAfterTheDeadlineAndTheCaseworkerIsTold) {
  const v1::CaseDocument statement = StatementAnswered();
  ASSERT_EQ(FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                    R"({"statement_document": )" + std::to_string(statement.document_number()) + "}")
                .result(),
            status::ok);
  DeadlinePasses("comments_reminded");
  DeadlinePasses("assessment");
  auto alerts = Parse<v1::ListOfficeAlertsResponse>(Send(verb::get, "/v1/alerts", Role::kCaseworker));
  bool told = false;
  for (const auto& alert : alerts.alerts()) told = told || alert.about() == "comments_lapsed";
  EXPECT_TRUE(told) << alerts.DebugString();
  // A statement may go to the citizen again (a second statement, say).
  EXPECT_EQ(FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                    R"({"statement_document": )" + std::to_string(statement.document_number()) + "}")
                .result(),
            status::ok);
}

// A citizen without e-mail gets the letter by post: in the print folder, the
// letter and the statement come as one folder, placed whole, so the print
// service never takes the statement for a letter of its own.
TEST_F(StatementHttpTest, ByPostTheLetterAndTheStatementArePlacedTogetherAsOneFolder) {
  auto created = PostJson(R"({"channel": "LETTER",
    "complainant": {"name": "Sam Jensen", "postalAddress": "Vestergade 1\n8000 Aarhus C", "language": "da"},
    "department": "BUF", "subject": "Afslag på hjælp", "description": "Jeg forstår ikke afslaget."})");
  ASSERT_EQ(created.result(), status::created) << created.body();
  id_ = Parse<v1::Complaint>(created).id();
  const std::string case_number = Parse<v1::Complaint>(created).case_number();
  Walk(id_, StepsToHearing());
  const v1::CaseDocument statement = StatementAnswered();
  ASSERT_EQ(FireNow(id_, Role::kCaseworker, "send_statement_for_comments",
                    R"({"statement_document": )" + std::to_string(statement.document_number()) + "}")
                .result(),
            status::ok);
  ASSERT_TRUE(WaitUntil([&] {
    const std::optional<v1::Letter> letter = LetterOf("statement_for_comments");
    return letter.has_value() && letter->delivery_state() == "delivered";
  })) << Letters().DebugString();
  const v1::Letter letter = LetterOf("statement_for_comments").value();
  EXPECT_EQ(letter.channel(), "print");
  const fs::path placed = print_folder_ / (case_number + "-brev-" + letter.id());
  ASSERT_TRUE(fs::is_directory(placed));
  EXPECT_TRUE(FileContents(placed / "brev.pdf").starts_with("%PDF-"));
  EXPECT_EQ(FileContents(placed / ("bilag-" + std::to_string(statement.document_number()) + "-udtalelse.pdf")), kStatement);
  // Nothing half-placed is left, and the enclosure is nowhere on its own.
  for (const auto& entry : fs::directory_iterator(print_folder_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_FALSE(name.starts_with(".")) << name;
    EXPECT_EQ(name.find("bilag"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace ombudsflow::testing
