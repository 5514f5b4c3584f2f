// Journalising a case under KLE: the office's vocabulary is checked when it
// loads; a case takes one of its subjects, with the complaint facet as its
// journal number, and the annual report counts it under its main group once.
#include "engine/core/rules/classification.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kVocabulary = R"pb(
  main_group { number: "27" title: "Social service" }
  main_group { number: "32" title: "Kontante ydelser" }
  subject { number: "27.24.00" title: "Et emne" }
  subject { number: "27.36.00" title: "Et andet emne" }
  subject { number: "32.24.04" title: "Hjælp til forsørgelse (kontanthjælp mv.)" }
  complaint_facet { number: "K01" title: "Klager" })pb";

v1::KleVocabulary Vocabulary() {
  auto parsed = ParseKleVocabulary({"workflows/kle.textproto", kVocabulary});
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  return parsed.value_or(v1::KleVocabulary{});
}

TEST(KleVocabularyTest, TheShippedVocabularyLoads) {
  std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/kle.textproto");
  std::stringstream text;
  text << file.rdbuf();
  auto parsed = ParseKleVocabulary({"workflows/kle.textproto", text.str()});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_GT(parsed->subject_size(), 0);
  EXPECT_FALSE(parsed->complaint_facet().number().empty());
}

TEST(KleVocabularyTest, EveryMistakeIsNamedByItsLine) {
  auto refused = ParseKleVocabulary({"workflows/kle.textproto", R"(main_group { number: "27" title: "Social service" }
main_group { number: "2" title: "Kort" }
subject { number: "27.24" title: "Uden emne" }
subject { number: "40.01.00" title: "Under en hovedgruppe, der ikke er her" }
subject { number: "27.24.00" title: "" }
main_group { number: "27" title: "Igen" }
complaint_facet { number: "klage" title: "Klager" })"});
  ASSERT_FALSE(refused.has_value());
  const std::string& message = refused.error().message;
  EXPECT_THAT(message, HasSubstr("workflows/kle.textproto:2: main group '2' is not two digits"));
  EXPECT_THAT(message, HasSubstr("workflows/kle.textproto:3: subject '27.24' is not a KLE subject number"));
  EXPECT_THAT(message, HasSubstr("workflows/kle.textproto:4: subject 40.01.00 belongs to main group 40, which is not listed"));
  EXPECT_THAT(message, HasSubstr("workflows/kle.textproto:5: subject 27.24.00 needs its title"));
  EXPECT_THAT(message, HasSubstr("workflows/kle.textproto:6: main group 27 is listed twice"));
  EXPECT_THAT(message, HasSubstr("the complaint facet 'klage' is not a KLE action facet"));
}

class ClassificationTest : public ::testing::Test {
 protected:
  ClassificationTest() {
    complaint_.set_id("c0ffee00-0000-4000-8000-00000000000c");
    complaint_.set_state("hearing");
    complaint_.set_version(6);
  }

  Result<TransitionOutcome> Classify(const Actor& actor, const std::string& number, std::uint32_t version = 6) {
    v1::ClassifyComplaintRequest request;
    request.set_kle_number(number);
    request.set_expected_version(version);
    return ClassifyCase(CaseView{complaint_, workflow_, std::string(64, 'c')},
                        EngineContext{testing::StandardRules(), calendar_, FromUnixMicros(9), Date{}}, actor, kle_,
                        request);
  }

  std::string Fact(const v1::Complaint& complaint, const char* name) {
    const auto found = complaint.facts().fields().find(name);
    return found == complaint.facts().fields().end() ? std::string() : found->second.string_value();
  }

  v1::KleVocabulary kle_ = Vocabulary();
  v1::Complaint complaint_;
  v1::WorkflowDefinition workflow_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor anne_{Role::kCaseworker, "", "Anne", "", "u-anne"};
};

TEST_F(ClassificationTest, ACaseTakesASubjectAndItsJournalNumberAndIsCountedUnderItsMainGroup) {
  auto classified = Classify(anne_, "27.24.00");
  ASSERT_TRUE(classified.has_value()) << classified.error().message;
  EXPECT_EQ(Fact(classified->after, "kle_number"), "27.24.00");
  EXPECT_EQ(Fact(classified->after, "journal_number"), "27.24.00-K01");
  EXPECT_EQ(classified->after.version(), 7u);
  EXPECT_EQ(classified->after.state(), "hearing");
  EXPECT_TRUE(classified->keep_deadline);  // a hearing's deadline runs on
  EXPECT_EQ(classified->event.kind, "classified");
  EXPECT_THAT(classified->tallies, ElementsAre(Tally{"kle_main_group", "27", 0, 1}));
  EXPECT_THAT(classified->event.payload_json, HasSubstr(R"("tallies":[["kle_main_group","27",0,1]])"));
}

TEST_F(ClassificationTest, AMoveToAnotherMainGroupCountsThereAndWithinOneCountsNothingNew) {
  complaint_ = Classify(anne_, "27.24.00").value().after;
  auto within = Classify(anne_, "27.36.00", 7);
  ASSERT_TRUE(within.has_value()) << within.error().message;
  EXPECT_TRUE(within->tallies.empty());
  EXPECT_THAT(within->event.payload_json, HasSubstr(R"("previous":"27.24.00")"));
  complaint_ = within->after;
  auto moved = Classify(anne_, "32.24.04", 8);
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  EXPECT_THAT(moved->tallies, ElementsAre(Tally{"kle_main_group", "32", 0, 1}));
  EXPECT_EQ(Fact(moved->after, "journal_number"), "32.24.04-K01");
}

TEST_F(ClassificationTest, RefusalsSayWhyAndChangeNothing) {
  auto unknown = Classify(anne_, "99.99.99");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(unknown.error().field_violations.size(), 1u);
  EXPECT_EQ(unknown.error().field_violations[0].field, "kle_number");
  EXPECT_EQ(unknown.error().field_violations[0].reason, "invalid_kle");
  // A main group alone is no subject.
  EXPECT_EQ(Classify(anne_, "27").error().code, ErrorCode::kInvalidArgument);

  const Actor department{Role::kDepartment, "BUF", "BUF", "token-buf", ""};
  EXPECT_EQ(Classify(department, "27.24.00").error().code, ErrorCode::kPermissionDenied);
  const Actor administrator{Role::kAdministrator, "", "Admin", "", "u-admin"};
  EXPECT_EQ(Classify(administrator, "27.24.00").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Classify(anne_, "27.24.00", 5).error().code, ErrorCode::kAborted);
  EXPECT_EQ(Classify(anne_, "27.24.00", 0).error().code, ErrorCode::kInvalidArgument);

  complaint_ = Classify(anne_, "27.24.00").value().after;
  EXPECT_EQ(Classify(anne_, "27.24.00", 7).error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ombudsflow
