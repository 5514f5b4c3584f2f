#include "engine/core/workflow/pseudonymisation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/workflow/audit_chain.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

class PseudonymisationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* open = workflow_.add_state();
    open->set_name("assessment");
    auto* closed = workflow_.add_state();
    closed->set_name("closed");
    closed->set_terminal(true);
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_state("closed");
    complaint_.set_version(9);
    complaint_.set_department("BUF");
    complaint_.set_subject("Jens Hansens klage");
    complaint_.set_description("Jens Hansen, 0101901234, skriver ...");
    auto* person = complaint_.mutable_complainant();
    person->set_name("Jens Hansen");
    person->set_email("jens@example.dk");
    person->set_phone("+45 20 30 40 50");
    person->set_postal_address("Nørregade 7");
    person->set_language("da");
    auto& facts = *complaint_.mutable_facts()->mutable_fields();
    facts["department_answer"].set_string_value("Vi ringede til Jens Hansen");
    facts["newsletter"].set_bool_value(false);
    facts["days_to_answer"].set_number_value(41);
    facts["drafted_by"].set_string_value("user:u-anne");
    facts["kle_number"].set_string_value("32.24.04");
    facts["journal_number"].set_string_value("32.24.04-K01");
    auto* point = complaint_.add_points();
    point->set_number(1);
    point->set_text("Jens Hansens første klagepunkt");
    point->mutable_assessment()->set_outcome(v1::ComplaintPoint::Assessment::CRITICISM);
    point->mutable_assessment()->set_reasoning("Fordi Jens Hansen ...");
    auto* consent = complaint_.add_consents();
    consent->set_kind("name");
    consent->set_value("Jens Hansen");
    consent->set_evidence("Brev fra Jens Hansen");
  }

  Result<TransitionOutcome> Run() {
    return Pseudonymise(CaseView{complaint_, workflow_, std::string(64, 'a')},
                        EngineContext{testing::StandardRules(), calendar_, FromUnixMicros(1'800'000'000'000'000),
                                      Date{}});
  }

  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
};

TEST_F(PseudonymisationTest, RemovesEveryTextThatMayNameTheCitizenAndKeepsWhatIsCounted) {
  auto outcome = Run();
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  const v1::Complaint& after = outcome->after;
  EXPECT_EQ(after.DebugString().find("Jens"), std::string::npos) << after.DebugString();
  EXPECT_EQ(after.DebugString().find("0101901234"), std::string::npos);
  EXPECT_EQ(after.complainant().language(), "da");
  EXPECT_EQ(after.department(), "BUF");
  EXPECT_EQ(after.state(), "closed");
  EXPECT_EQ(after.version(), 10u);
  EXPECT_EQ(after.points(0).assessment().outcome(), v1::ComplaintPoint::Assessment::CRITICISM);
  EXPECT_EQ(after.points(0).text(), "Point 1");
  EXPECT_EQ(after.consents(0).kind(), "name");
  const auto& facts = after.facts().fields();
  EXPECT_FALSE(facts.contains("department_answer"));
  EXPECT_FALSE(facts.contains("drafted_by"));
  // The archive's reference stays: the office's vocabulary, nobody's data.
  EXPECT_EQ(facts.at("journal_number").string_value(), "32.24.04-K01");
  EXPECT_EQ(facts.at("kle_number").string_value(), "32.24.04");
  EXPECT_EQ(facts.at("days_to_answer").number_value(), 41);
  EXPECT_FALSE(facts.at("newsletter").bool_value());
}

TEST_F(PseudonymisationTest, IsAnAuditedEventThatContinuesTheChain) {
  auto outcome = Run();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->event.kind, kPseudonymisedEvent);
  EXPECT_EQ(outcome->event.actor, "system:retention");
  EXPECT_EQ(outcome->event.seq, 10u);
  EXPECT_EQ(outcome->event.prev_hash, std::string(64, 'a'));
  EXPECT_EQ(outcome->event.hash, ComputeEventHash(outcome->event));
  EXPECT_EQ(outcome->event.payload_json.find("Jens"), std::string::npos);
}

TEST_F(PseudonymisationTest, AnOpenCaseIsRefused) {
  complaint_.set_state("assessment");
  auto refused = Run();
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(refused.error().message, HasSubstr("not closed"));
}

}  // namespace
}  // namespace ombudsflow
