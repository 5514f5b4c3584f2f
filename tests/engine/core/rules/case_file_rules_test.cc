// The rules on a document the input names: it must be the case's own,
// uploaded, in the direction and scan the definition asks; sharing it and
// enclosing it with a letter are effects the store carries out.
#include "engine/core/rules/case_file_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const RuleRegistry& Rules() { return testing::StandardRules(); }

constexpr const char* kStatement = R"(
  name: "statement" version: 1 initial_state: "assessment"
  state { name: "assessment" }
  state { name: "awaiting_comments" }
  transition {
    name: "send_for_comments" from: "assessment" to: "awaiting_comments" roles: "caseworker"
    input: "statement_document"
    guard {
      name: "document_on_case"
      arg { key: "fact" value: "statement_document" } arg { key: "direction" value: "in" } arg { key: "from" value: "department" }
      arg { key: "clean" value: "true" } arg { key: "shareable" value: "true" }
    }
    action { name: "share_document" arg { key: "fact" value: "statement_document" } arg { key: "audience" value: "citizen" } }
    action { name: "queue_letter" arg { key: "template" value: "statement_for_comments" } arg { key: "enclose" value: "statement_document" } }
  }
  transition {
    name: "misdirected" from: "assessment" to: "awaiting_comments" roles: "caseworker"
    input: "statement_document"
    action { name: "queue_letter" arg { key: "template" value: "statement_request" } arg { key: "recipient" value: "department" }
             arg { key: "enclose" value: "statement_document" } }
  }
  transition {
    name: "record_comments" from: "awaiting_comments" to: "assessment" roles: "caseworker"
    input: "comments_document"
    guard { name: "document_on_case" arg { key: "fact" value: "comments_document" } }
  })";

class CaseFileRulesTest : public ::testing::Test {
 protected:
  CaseFileRulesTest() {
    auto parsed = ParseWorkflowDefinition({"statement.textproto", kStatement}, Rules(), testing::ShippedInputs());
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    workflow_ = parsed.value_or(v1::WorkflowDefinition{});
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_state("assessment");
    complaint_.set_version(4);
    complaint_.set_department("BUF");
    // 1 the complaint; 2 the hearing letter; 3 the statement, clean; 4 a
    // document still being scanned; 5 a note; 6 an erased one; 7 the
    // citizen's own; 8 one found infected after it was numbered.
    file_ = {{1, "complaint", "in", "citizen"},
             {2, "letter", "out", "BUF"},
             {3, "document", "in", "BUF", "clean", "department"},
             {4, "document", "in", "BUF", "pending", "department"},
             {5, "document", "internal", "office", "clean", "office"},
             {6, "document", "in", "BUF", "clean", "department", true},
             {7, "document", "in", "citizen", "clean", "office"},
             {8, "document", "in", "BUF", "infected", "department"},
             {9, "document", "in", "BUF", "clean", "office", false, "Udtalelse om Jens Hansen", "udtalelse.pdf"},
             {10, "document", "in", "BUF", "clean", "office", false, "Udtalelse", "hansen-jens.pdf"}};
    complaint_.mutable_complainant()->set_name("Jens Hansen");
  }

  Result<TransitionOutcome> Fire(const std::string& name, const std::string& input, const std::string& json_value,
                                 std::optional<CaseFile> file) {
    v1::TransitionRequest request;
    request.set_name(name);
    request.set_expected_version(complaint_.version());
    google::protobuf::Value value;
    if (json_value.front() == '"') {
      value.set_string_value(json_value.substr(1, json_value.size() - 2));
    } else {
      value.set_number_value(std::stod(json_value));
    }
    (*request.mutable_input()->mutable_fields())[input] = value;
    return EvaluateTransition(
        CaseView{complaint_, workflow_, std::string(64, 'a'), std::nullopt, std::nullopt, std::move(file)},
        EngineContext{Rules(), calendar_, FromUnixMicros(0), Date{}}, caseworker_, request);
  }

  std::string RefusalOf(const std::string& number) {
    auto fired = Fire("send_for_comments", "statement_document", number, file_);
    if (fired) return "";
    return fired.error().refused_by + ": " + fired.error().message;
  }

  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  CaseFile file_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};
};

TEST_F(CaseFileRulesTest, ACleanIncomingDocumentIsSharedWithTheCitizenAndEnclosed) {
  auto fired = Fire("send_for_comments", "statement_document", "3", file_);
  ASSERT_TRUE(fired.has_value()) << fired.error().message;
  EXPECT_EQ(fired->after.state(), "awaiting_comments");
  std::vector<std::int32_t> shared, enclosed;
  for (const Effect& effect : fired->effects) {
    if (const auto* share = std::get_if<DocumentShared>(&effect)) {
      shared.push_back(share->number);
      EXPECT_EQ(share->audience, "citizen");
    }
    if (const auto* letter = std::get_if<Letter>(&effect)) enclosed = letter->enclosures;
  }
  EXPECT_THAT(shared, ElementsAre(3));
  EXPECT_THAT(enclosed, ElementsAre(3));
}

TEST_F(CaseFileRulesTest, EveryOtherNumberIsRefusedAndSaysWhy) {
  EXPECT_THAT(RefusalOf("99"), HasSubstr("the case has no document 99"));
  EXPECT_THAT(RefusalOf("1"), HasSubstr("not an uploaded document"));   // the complaint: no bytes to send
  EXPECT_THAT(RefusalOf("2"), HasSubstr("not an uploaded document"));   // a letter
  EXPECT_THAT(RefusalOf("4"), HasSubstr("not yet been scanned"));
  EXPECT_THAT(RefusalOf("5"), HasSubstr("did not come in"));            // the office's own note
  EXPECT_THAT(RefusalOf("6"), HasSubstr("erased"));
  // What the citizen or a third party sent is never passed on as the statement.
  EXPECT_THAT(RefusalOf("7"), HasSubstr("is not from the department (its sender must be BUF)"));
  EXPECT_THAT(RefusalOf("8"), HasSubstr("quarantined"));
  // Shared, its title and file name reach the department: never the complainant's name.
  EXPECT_THAT(RefusalOf("9"), HasSubstr("names the complainant"));
  EXPECT_THAT(RefusalOf("10"), HasSubstr("names the complainant"));
  EXPECT_THAT(RefusalOf("3"), ::testing::IsEmpty());
  for (const char* number : {"1", "99", "4", "5", "6", "7", "8", "9", "10"}) {
    EXPECT_THAT(RefusalOf(number), ::testing::StartsWith("document_on_case")) << number;
  }
}

TEST_F(CaseFileRulesTest, ANumberThatIsNoDocumentNumberIsRefusedByTheSchema) {
  for (const char* value : {"0", "-3", "2.5", "\"3\"", "2147483648"}) {
    auto fired = Fire("send_for_comments", "statement_document", value, file_);
    ASSERT_FALSE(fired.has_value()) << value;
    EXPECT_EQ(fired.error().code, ErrorCode::kInvalidArgument) << value;
    ASSERT_FALSE(fired.error().field_violations.empty()) << value;
    EXPECT_EQ(fired.error().field_violations.front().field, "input.statement_document") << value;
  }
}

TEST_F(CaseFileRulesTest, OnlyALetterToTheCitizenEnclosesDocuments) {
  // A department's letter goes with its notice, which carries no files:
  // a definition that encloses one is refused when it runs, not sent.
  auto fired = Fire("misdirected", "statement_document", "3", file_);
  ASSERT_FALSE(fired.has_value());
  EXPECT_EQ(fired.error().code, ErrorCode::kInternal);
  EXPECT_THAT(fired.error().message, HasSubstr("only a letter to the citizen encloses"));
}

TEST_F(CaseFileRulesTest, NoDefinitionSharesADocumentWithoutTheCheckOfItsName) {
  auto refused = ParseWorkflowDefinition({"careless.textproto", R"(
    name: "careless" version: 1 initial_state: "a"
    state { name: "a" } state { name: "b" terminal: true }
    transition { name: "share" from: "a" to: "b" roles: "caseworker" input: "statement_document"
                 guard { name: "document_on_case" arg { key: "fact" value: "statement_document" } }
                 action { name: "share_document" arg { key: "fact" value: "statement_document" }
                          arg { key: "audience" value: "citizen" } } })"},
                                         Rules(), testing::ShippedInputs());
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, HasSubstr("shareable=true"));
}

TEST_F(CaseFileRulesTest, AFileThatWasNotReadNeverLetsTheStepThrough) {
  auto fired = Fire("send_for_comments", "statement_document", "3", std::nullopt);
  ASSERT_FALSE(fired.has_value());
  EXPECT_THAT(fired.error().message, HasSubstr("was not read"));
}

TEST_F(CaseFileRulesTest, CommentsMayBeANoteOfACallButNeverABarePromise) {
  complaint_.set_state("awaiting_comments");
  EXPECT_TRUE(Fire("record_comments", "comments_document", "5", file_).has_value());  // a note of a call
  EXPECT_FALSE(Fire("record_comments", "comments_document", "2", file_).has_value());  // a letter the office sent
  EXPECT_FALSE(Fire("record_comments", "comments_document", "8", file_).has_value());  // quarantined
}

TEST_F(CaseFileRulesTest, TheGuardsOfAStepTellWhetherTheFileIsRead) {
  EXPECT_TRUE(GuardReads(workflow_, Rules(), "assessment", "").case_file);
  EXPECT_TRUE(GuardReads(workflow_, Rules(), "", "record_comments").case_file);
  EXPECT_FALSE(GuardReads(workflow_, Rules(), "assessment", "").notices);
}

}  // namespace
}  // namespace ombudsflow
