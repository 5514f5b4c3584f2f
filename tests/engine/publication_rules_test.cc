// The rules publication stands on: the department must have received the
// notice, and whoever drafted may not approve.
#include "engine/rules.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "engine/transition.h"
#include "engine/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

const RuleRegistry& Rules() { return testing::StandardRules(); }

constexpr const char* kPublishing = R"(
  name: "publishing" version: 1 initial_state: "drafting"
  state { name: "drafting" }
  state { name: "drafted" }
  state { name: "published" terminal: true }
  transition { name: "draft" from: "drafting" to: "drafted" roles: "caseworker" roles: "ombudsman"
               action { name: "record_actor" arg { key: "fact" value: "drafted_by" } } }
  transition { name: "publish" from: "drafted" to: "published" roles: "ombudsman" roles: "deputy"
               guard { name: "notice_received" arg { key: "notice" value: "pre_publication" } }
               guard { name: "not_recorded_actor" arg { key: "fact" value: "drafted_by" } } })";

class PublicationRulesTest : public ::testing::Test {
 protected:
  PublicationRulesTest() {
    auto parsed = ParseWorkflowDefinition({"publishing.textproto", kPublishing}, Rules());
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    workflow_ = parsed.value_or(v1::WorkflowDefinition{});
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_state("drafting");
    complaint_.set_version(1);
  }

  Result<TransitionOutcome> Fire(const Actor& actor, const std::string& name) {
    v1::TransitionRequest request;
    request.set_name(name);
    request.set_expected_version(complaint_.version());
    return EvaluateTransition(CaseView{complaint_, workflow_, std::string(64, 'a'), notices_},
                              EngineContext{Rules(), calendar_, FromUnixMicros(0), Date{}}, actor, request);
  }

  void Drafted(const Actor& by) {
    auto drafted = Fire(by, "draft");
    ASSERT_TRUE(drafted.has_value()) << drafted.error().message;
    complaint_ = drafted->after;
  }

  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  std::vector<NoticeReceipt> notices_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne"};
  Actor ombudsman_{Role::kOmbudsman, "", "Ombudsmanden", "token-ombudsman"};
};

TEST_F(PublicationRulesTest, RefusesBeforeAnyNoticeWasSent) {
  Drafted(caseworker_);
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "notice_received");
  EXPECT_THAT(refused.error().message, HasSubstr("no pre_publication notice has been sent"));
}

TEST_F(PublicationRulesTest, RefusesWhileTheNoticeIsUndeliveredAndUnacknowledged) {
  Drafted(caseworker_);
  notices_ = {{"hearing", true, true}, {"pre_publication", false, false}};
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "notice_received");
  EXPECT_THAT(refused.error().message, HasSubstr("not yet received the pre_publication notice"));
}

TEST_F(PublicationRulesTest, AllowsOnceDeliveredOrAcknowledged) {
  Drafted(caseworker_);
  notices_ = {{"pre_publication", true, false}};
  EXPECT_TRUE(Fire(ombudsman_, "publish").has_value());
  notices_ = {{"pre_publication", false, true}};
  EXPECT_TRUE(Fire(ombudsman_, "publish").has_value());
}

TEST_F(PublicationRulesTest, WhoeverDraftedMayNotApprove) {
  Drafted(ombudsman_);
  EXPECT_EQ(complaint_.facts().fields().at("drafted_by").string_value(), "Ombudsmanden");
  EXPECT_EQ(complaint_.facts().fields().at("drafted_by_token").string_value(), "token-ombudsman");
  notices_ = {{"pre_publication", true, true}};
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "not_recorded_actor");
  EXPECT_THAT(refused.error().message, HasSubstr("four eyes"));
  Actor deputy{Role::kDeputy, "", "Vicen", "token-deputy"};
  EXPECT_TRUE(Fire(deputy, "publish").has_value());
}

TEST_F(PublicationRulesTest, TheNoticeGuardNeedsToKnowWhichNotice) {
  auto parsed = ParseWorkflowDefinition(
      {"p.textproto", R"(name: "p" version: 1 initial_state: "a" state { name: "a" } state { name: "b" terminal: true }
                        transition { name: "go" from: "a" to: "b" roles: "ombudsman" guard { name: "notice_received" } })"},
      Rules());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("guard 'notice_received' needs the argument 'notice'"));
}

}  // namespace
}  // namespace ombudsflow
