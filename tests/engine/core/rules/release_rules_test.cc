// The guards of the office's communication products, on the shipped
// newsletter_issue definition: an issue about a case is approved and sent
// only when the case's department has received the text as it stands, the
// notice period is over and no hold is on; whoever wrote in it does not
// approve it; and no definition may drop those guards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/rules/receipt.h"
#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

const RuleRegistry& Rules() { return testing::StandardRules(); }

std::string Outcome(const Result<TransitionOutcome>& result) {
  if (result) return "";
  if (!result.error().refused_by.empty()) return result.error().refused_by;
  return "error: " + result.error().message;
}

class ReleaseRulesTest : public ::testing::Test {
 protected:
  ReleaseRulesTest() {
    source_ = testing::ReadShippedWorkflowFile("newsletter_issue/v1.textproto");
    auto parsed = ParseWorkflowDefinition({"newsletter_issue/v1.textproto", source_}, Rules(), testing::ShippedInputs());
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    workflow_ = parsed.value_or(v1::WorkflowDefinition{});
    issue_.set_id("c0ffee00-0000-4000-8000-0000000000aa");
    issue_.set_case_number("nyhedsbrev-1");
    issue_.set_workflow("newsletter_issue");
    issue_.set_workflow_version(1);
    issue_.set_state(workflow_.initial_state());
    issue_.set_version(1);
  }

  CaseView View() const {
    return CaseView{.complaint = issue_, .workflow = workflow_, .last_event_hash = std::string(64, 'a'),
                    .notices = CaseNotices{}, .office = office_, .case_file = CaseFile{}, .items = items_};
  }
  EngineContext Context() const { return EngineContext{Rules(), calendar_, FromUnixMicros(0), today_}; }

  Result<TransitionOutcome> Fire(const Actor& actor, const std::string& name) {
    v1::TransitionRequest request;
    request.set_name(name);
    request.set_expected_version(issue_.version());
    auto outcome = EvaluateTransition(View(), Context(), actor, request);
    if (outcome) issue_ = outcome->after;
    return outcome;
  }

  // A case written about: its publication at `revision`, and its notices.
  static ReleaseItem Item(std::uint32_t revision, CaseNotices notices, std::optional<std::uint32_t> carried = {}) {
    ReleaseItem item;
    item.complaint.set_case_number("2026-0042");
    (*item.complaint.mutable_facts()->mutable_fields())["publication_revision"].set_number_value(revision);
    item.notices = std::move(notices);
    item.carried_revision = carried;
    return item;
  }

  static NoticeReceipt Notice(bool received, std::uint32_t revision, Date publication_date = Date{}) {
    return NoticeReceipt{.notice = "pre_publication", .delivered = received, .acknowledged = false,
                         .publication_date = publication_date, .publication_revision = revision};
  }

  std::string source_;
  v1::WorkflowDefinition workflow_;
  v1::Complaint issue_;
  OfficeState office_;
  ReleaseItems items_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Date today_ = Date{std::chrono::year{2026} / 12 / 7};
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};
  Actor ombudsman_{Role::kOmbudsman, "", "Ombudsmanden", "token-ombudsman", "u-ombudsman"};
};

TEST_F(ReleaseRulesTest, AnIssueAboutACaseWhoseDepartmentHasNotReceivedTheTextIsNeitherApprovedNorSent) {
  ASSERT_EQ(Outcome(Fire(caseworker_, "compose")), "");
  items_ = {Item(1, {Notice(false, 1)})};
  auto refused = Fire(ombudsman_, "approve");
  EXPECT_EQ(Outcome(refused), "items_received");
  EXPECT_THAT(refused.error().message, HasSubstr("case 2026-0042: the department has not yet received"));
  EXPECT_EQ(ProblemOf(items_[0], "pre_publication", today_), ItemProblem::kNotReceived);

  items_ = {Item(1, {Notice(true, 1)})};
  ASSERT_EQ(Outcome(Fire(ombudsman_, "approve")), "");
  EXPECT_EQ(issue_.state(), "approved");
  // Revised after the approval: the department's receipt was of revision 1.
  items_ = {Item(2, {Notice(true, 1)})};
  EXPECT_EQ(ProblemOf(items_[0], "pre_publication", today_), ItemProblem::kRevisedAfterNotice);
  EXPECT_EQ(Outcome(Fire(caseworker_, "send")), "items_received");
  items_ = {Item(2, {Notice(true, 1), Notice(true, 2)})};
  ASSERT_EQ(Outcome(Fire(caseworker_, "send")), "");
  EXPECT_EQ(issue_.state(), "released");
}

TEST_F(ReleaseRulesTest, ACarriedStatementMustBeTheRevisionTheDepartmentReceivedAndItsNoticePeriodOver) {
  ASSERT_EQ(Outcome(Fire(caseworker_, "compose")), "");
  items_ = {Item(3, {Notice(true, 3)}, /*carried=*/2)};
  EXPECT_EQ(ProblemOf(items_[0], "pre_publication", today_), ItemProblem::kTextOutdated);
  EXPECT_THAT(Fire(ombudsman_, "approve").error().message, HasSubstr("take the case's text in again"));
  items_ = {Item(3, {Notice(true, 3, today_ + std::chrono::days(1))}, 3)};
  EXPECT_EQ(ProblemOf(items_[0], "pre_publication", today_), ItemProblem::kNoticePeriodRunning);
  EXPECT_EQ(Outcome(Fire(ombudsman_, "approve")), "items_received");
  items_ = {Item(3, {Notice(true, 3, today_)}, 3)};
  EXPECT_EQ(Outcome(Fire(ombudsman_, "approve")), "");
}

TEST_F(ReleaseRulesTest, NothingIsApprovedOrSentDuringAHoldAndWhoeverWroteInItDoesNotApprove) {
  ASSERT_EQ(Outcome(Fire(ombudsman_, "compose")), "");
  EXPECT_EQ(Outcome(Fire(ombudsman_, "approve")), "not_recorded_actor");
  Actor other_ombudsman{Role::kOmbudsman, "", "Stedfortræder", "token-b", "u-b"};
  office_.publication_hold = "Krisestyring";
  EXPECT_EQ(Outcome(Fire(other_ombudsman, "approve")), "no_publication_hold");
  office_.publication_hold.reset();
  ASSERT_EQ(Outcome(Fire(other_ombudsman, "approve")), "");
  office_.publication_hold = "Krisestyring";
  EXPECT_EQ(Outcome(Fire(caseworker_, "send")), "no_publication_hold");
  // A caseworker never approves.
  EXPECT_NE(Outcome(Fire(caseworker_, "approve")), "");
}

TEST_F(ReleaseRulesTest, AnIssueWhoseTextHoldsACprNumberIsNotApproved) {
  ASSERT_EQ(Outcome(Fire(caseworker_, "compose")), "");
  (*issue_.mutable_facts()->mutable_fields())["issue_text"].set_string_value("Klageren, 010190-1234, fik medhold.");
  EXPECT_EQ(Outcome(Fire(ombudsman_, "approve")), "personal_data_cleared");
}

TEST_F(ReleaseRulesTest, TheListingOfStepsSaysWhichAreRefusedAndWhy) {
  ASSERT_EQ(Outcome(Fire(caseworker_, "compose")), "");
  items_ = {Item(1, {})};
  const auto listed = ListTransitions(View(), Context(), ombudsman_);
  bool approve_listed = false;
  for (const auto& step : listed.transitions()) {
    if (step.name() != "approve") continue;
    approve_listed = true;
    EXPECT_FALSE(step.allowed());
    EXPECT_EQ(step.refused_by(), "items_received");
  }
  EXPECT_TRUE(approve_listed);
}

TEST_F(ReleaseRulesTest, ADefinitionWithoutTheReceiptGuardOrTheHoldIsRefusedAtLoad) {
  for (const std::string guard :
       {R"(  guard { name: "items_received" arg { key: "notice" value: "pre_publication" } })",
        R"(  guard { name: "no_publication_hold" })"}) {
    std::string text = source_;
    std::size_t removed = 0;
    for (auto at = text.find(guard); at != std::string::npos; at = text.find(guard)) {
      text.erase(at, guard.size() + 1);
      ++removed;
    }
    ASSERT_EQ(removed, 2u) << guard;  // from approve and from send
    auto parsed = ParseWorkflowDefinition({"newsletter_issue/v1.textproto", text}, Rules(), testing::ShippedInputs());
    ASSERT_FALSE(parsed.has_value()) << guard;
    EXPECT_THAT(parsed.error().message, HasSubstr("action 'approve_release' of transition 'approve' requires the guard"));
    EXPECT_THAT(parsed.error().message, HasSubstr("action 'release' of transition 'send' requires the guard"));
  }
}

}  // namespace
}  // namespace ombudsflow
