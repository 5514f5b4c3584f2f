// Letters leave the office: the letter job renders each one's PDF/UA with
// WeasyPrint, registers its hash in the journal, and sends it by e-mail to
// a real SMTP server on loopback (python3-aiosmtpd) with the PDF attached,
// or places it in the print folder. A letter that cannot be sent is retried
// and then a dead letter the office is alerted to.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "engine/core/base/hex.h"
#include "ombudsflow/v1/alerts.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "tests/support/file_contents.h"
#include "tests/support/case_walk.h"
#include "tests/support/pdf_structure.h"
#include "tests/support/server_fixture.h"
#include "tests/support/smtp_receiver.h"

namespace ombudsflow::testing {
namespace {

namespace fs = std::filesystem;
using http::status;
using http::verb;
using ::testing::HasSubstr;

class LetterDeliveryTest : public ServerFixture {
 protected:
  LetterDeliveryTest() : smtp_(SmtpReceiver::Start()) {
    char folder[] = "/tmp/ombudsflow-print-XXXXXX";
    print_folder_ = mkdtemp(folder);
  }
  ~LetterDeliveryTest() override { fs::remove_all(print_folder_); }

  std::vector<std::string> ServerArgs() const override {
    return {"--smtp-url", smtp_->Url(), "--print-folder", print_folder_.string(), "--letter-interval-ms", "100"};
  }

  // The case's letters once none is pending (at most 60 s: WeasyPrint
  // starts slowly on a busy machine).
  v1::ListLettersResponse DeliveredLetters(const std::string& id) {
    v1::ListLettersResponse letters;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      letters = Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id + "/letters", Role::kCaseworker));
      bool pending = false;
      for (const auto& letter : letters.letters()) pending = pending || letter.delivery_state() == "pending";
      if (!pending && letters.letters_size() > 0) return letters;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "letters still pending after 60 s: " << letters.DebugString();
    return letters;
  }

  std::unique_ptr<SmtpReceiver> smtp_;
  fs::path print_folder_;
};

TEST_F(LetterDeliveryTest, AnEmailedLetterArrivesWithItsPdfUaAttachedAndItsHashJournalled) {
  auto created = PostJson(kValidIntakeJson);  // jens@example.dk, Danish, needs an interpreter
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})").result(),
            status::ok);
  const auto letters = DeliveredLetters(id);
  ASSERT_EQ(letters.letters_size(), 2);  // the acknowledgement, then the guidance
  EXPECT_EQ(letters.letters(0).template_(), "acknowledgement");
  EXPECT_EQ(letters.letters(0).delivery_state(), "delivered");
  const v1::Letter& letter = letters.letters(1);
  EXPECT_EQ(letter.channel(), "email");
  EXPECT_EQ(letter.delivery_state(), "delivered");
  ASSERT_EQ(letter.pdf_sha256().size(), 64u);

  // What the SMTP server received: two messages; the guidance's headers,
  // its HTML part and its PDF.
  ASSERT_TRUE(fs::exists(smtp_->folder() / "1.json"));
  ASSERT_TRUE(fs::exists(smtp_->folder() / "2.json"));
  ASSERT_FALSE(fs::exists(smtp_->folder() / "3.json"));
  int n = 1;
  if (nlohmann::json::parse(FileContents(smtp_->folder() / "1.json"))["subject"] != letter.subject()) n = 2;
  const auto summary = nlohmann::json::parse(FileContents(smtp_->folder() / (std::to_string(n) + ".json")));
  EXPECT_EQ(summary["rcptTos"], nlohmann::json::array({"jens@example.dk"}));
  EXPECT_EQ(summary["mailFrom"], "borgerraadgiveren@kk.dk");
  EXPECT_EQ(summary["subject"], letter.subject());  // UTF-8, encoded on the wire and back
  EXPECT_THAT(summary["from"].get<std::string>(), HasSubstr("Borgerrådgiveren"));
  EXPECT_THAT(summary["messageId"].get<std::string>(), HasSubstr("letter-" + letter.id()));
  EXPECT_FALSE(summary["date"].get<std::string>().empty());
  EXPECT_EQ(summary["contentType"], "multipart/mixed");
  ASSERT_EQ(summary["parts"].size(), 2u);
  EXPECT_EQ(summary["parts"][0]["contentType"], "text/html");
  EXPECT_EQ(summary["parts"][0]["charset"], "utf-8");
  EXPECT_THAT(summary["parts"][0]["text"].get<std::string>(), HasSubstr("Tal først med forvaltningen"));
  EXPECT_EQ(summary["parts"][1]["contentType"], "application/pdf");
  const std::string filename = summary["parts"][1]["filename"];
  EXPECT_EQ(filename, Parse<v1::Complaint>(created).case_number() + "-brev-" + letter.id() + ".pdf");

  // The attachment is the PDF the journal registers.
  const fs::path pdf = smtp_->folder() / (std::to_string(n) + "-" + filename);
  const std::string bytes = FileContents(pdf);
  ASSERT_TRUE(bytes.starts_with("%PDF-"));
  EXPECT_EQ(Sha256Hex(bytes), letter.pdf_sha256());
  const auto journal = Parse<v1::ListJournalResponse>(Send(verb::get, "/v1/complaints/" + id + "/journal", Role::kCaseworker));
  bool journalled = false;
  for (const auto& entry : journal.entries()) journalled = journalled || (entry.letter_id() == letter.id() && entry.sha256() == letter.pdf_sha256());
  EXPECT_TRUE(journalled) << journal.DebugString();

  // PDF/UA: a tagged structure, the document's language and its title.
  const std::string structure = PdfStructure(bytes);
  EXPECT_THAT(structure, HasSubstr("/StructTreeRoot"));
  EXPECT_THAT(structure, HasSubstr("/MarkInfo"));
  EXPECT_THAT(structure, HasSubstr("/Lang (da)"));
  EXPECT_THAT(structure, HasSubstr("/Title"));
  EXPECT_THAT(structure, HasSubstr("/DisplayDocTitle true"));

  // Kept where the closing note can point to it.
  fs::create_directories(OMBUDSFLOW_TEST_OUTPUT_DIR);
  fs::copy_file(pdf, fs::path(OMBUDSFLOW_TEST_OUTPUT_DIR) / "guide_to_dialogue.da.pdf",
                fs::copy_options::overwrite_existing);
}

TEST_F(LetterDeliveryTest, ALetterToACitizenWithoutEmailIsPrintedInEnglishWhenTheyWriteEnglish) {
  auto created = PostJson(R"({"channel": "LETTER",
    "complainant": {"name": "Sam Jones", "postalAddress": "Vestergade 1\n8000 Aarhus C", "language": "en"},
    "department": "BUF", "subject": "No answer to my application", "description": "Four months."})");
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})").result(),
            status::ok);
  const auto letters = DeliveredLetters(id);
  ASSERT_EQ(letters.letters_size(), 2);  // the acknowledgement, then the guidance
  const v1::Letter& letter = letters.letters(1);
  EXPECT_EQ(letter.variant(), "en");
  EXPECT_EQ(letter.channel(), "print");
  EXPECT_EQ(letter.delivery_state(), "delivered");
  const fs::path printed = print_folder_ / (Parse<v1::Complaint>(created).case_number() + "-brev-" + letter.id() + ".pdf");
  ASSERT_TRUE(fs::exists(printed));
  EXPECT_EQ(Sha256Hex(FileContents(printed)), letter.pdf_sha256());
  EXPECT_THAT(PdfStructure(FileContents(printed)), HasSubstr("/Lang (en)"));
  // Nothing half-written is left behind, and no e-mail went out.
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(print_folder_)) files.insert(entry.path().filename().string());
  const std::string case_number = Parse<v1::Complaint>(created).case_number();
  EXPECT_EQ(files, (std::set<std::string>{case_number + "-brev-" + letters.letters(0).id() + ".pdf",
                                          printed.filename().string()}));
  EXPECT_FALSE(fs::exists(smtp_->folder() / "1.json"));
  fs::create_directories(OMBUDSFLOW_TEST_OUTPUT_DIR);
  fs::copy_file(printed, fs::path(OMBUDSFLOW_TEST_OUTPUT_DIR) / "guide_to_dialogue.en.pdf",
                fs::copy_options::overwrite_existing);
}

// The investigation path end to end: every letter to the citizen arrives by
// e-mail with its PDF, in the order the case produced them; the
// department's letters go with its notices.
TEST_F(LetterDeliveryTest, TheInvestigationPathsLettersAllArriveInOrder) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  Walk(id, StepsToHearing());
  Walk(id, {{Role::kDepartment, R"({"name": "record_department_answer", "input": {"department_answer": "Vi beklager."}})"},
            {Role::kCaseworker, R"({"name": "assess_points", "input": {"assessments": [{"number": 1, "outcome": "CRITICISM",
                "reasoning": "For længe.", "recommendation": "Svar inden for fire uger."}]}})"},
            // A recommendation is followed up before the case closes (v7).
            {Role::kCaseworker, R"({"name": "await_follow_up", "input": {"newsletter": false,
                "newsletter_criteria": [], "newsletter_note": "Nej"}})"},
            {Role::kDepartment, R"({"name": "record_follow_up", "input": {"compliance": "complied",
                "follow_up_note": "Svarfristen er nu fire uger."}})"}});
  const auto letters = DeliveredLetters(id);
  std::vector<std::string> citizen_subjects;
  for (const auto& letter : letters.letters()) {
    if (letter.recipient() == "citizen") {
      EXPECT_EQ(letter.delivery_state(), "delivered") << letter.template_();
      citizen_subjects.push_back(letter.subject());
    } else {
      EXPECT_EQ(letter.delivery_state(), "with_notice") << letter.template_();
    }
  }
  ASSERT_EQ(citizen_subjects.size(), 4u);  // acknowledgement, investigation, decision, closing
  std::vector<std::string> received;
  for (std::size_t n = 1; fs::exists(smtp_->folder() / (std::to_string(n) + ".json")); ++n) {
    const auto summary = nlohmann::json::parse(FileContents(smtp_->folder() / (std::to_string(n) + ".json")));
    received.push_back(summary["subject"]);
    EXPECT_EQ(summary["parts"][1]["contentType"], "application/pdf");
  }
  EXPECT_EQ(received, citizen_subjects);
}

}  // namespace
}  // namespace ombudsflow::testing
