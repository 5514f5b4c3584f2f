#include "engine/core/rules/assignment.h"

#include <gtest/gtest.h>

#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

class AssignmentTest : public ::testing::Test {
 protected:
  AssignmentTest() {
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000009");
    complaint_.set_state("written_treatment");
    complaint_.set_version(4);
  }

  CaseView View() const { return CaseView{complaint_, workflow_, std::string(64, 'c')}; }
  EngineContext Context() const { return EngineContext{testing::StandardRules(), calendar_, FromUnixMicros(9), Date{}}; }
  Result<TransitionOutcome> Assign(const Actor& actor, const std::optional<Assignee>& to, std::uint32_t version = 4) {
    return AssignCase(View(), Context(), actor, to, version);
  }

  v1::Complaint complaint_;
  v1::WorkflowDefinition workflow_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor anne_{Role::kCaseworker, "", "Anne", "", "u-anne"};
  Actor bo_{Role::kCaseworker, "", "Bo", "", "u-bo"};
  Actor ombudsman_{Role::kOmbudsman, "", "Olga", "", "u-olga"};
  Assignee to_anne_{"u-anne", "Anne", Role::kCaseworker, true};
  Assignee to_bo_{"u-bo", "Bo", Role::kCaseworker, true};
};

TEST_F(AssignmentTest, ACaseworkerTakesAFreeCaseInANewVersionWithAnEventNamingIdsNotNames) {
  auto taken = Assign(anne_, to_anne_);
  ASSERT_TRUE(taken.has_value()) << taken.error().message;
  EXPECT_EQ(taken->after.assignee_id(), "u-anne");
  EXPECT_EQ(taken->after.assignee_name(), "Anne");
  EXPECT_EQ(taken->after.version(), 5u);
  EXPECT_EQ(taken->after.state(), "written_treatment");
  EXPECT_TRUE(taken->keep_deadline);
  EXPECT_EQ(taken->event.kind, "assigned");
  EXPECT_EQ(taken->event.actor, "user:u-anne");
  EXPECT_EQ(taken->event.payload_json, R"({"assignee":"user:u-anne","previous":""})");
}

// "Bed om en rettelse": the draft goes back to whoever wrote it, with the
// ombudsman's comment, even when the case is theirs already.
TEST_F(AssignmentTest, TheOmbudsmanSendsADraftBackToItsDrafterWithAComment) {
  complaint_.set_assignee_id("u-anne");
  auto returned = ReturnForCorrection(View(), Context(), ombudsman_, to_anne_, "Fjern navnet i andet afsnit.", 4);
  ASSERT_TRUE(returned.has_value()) << returned.error().message;
  EXPECT_EQ(returned->after.assignee_id(), "u-anne");
  EXPECT_EQ(returned->after.version(), 5u);
  EXPECT_EQ(returned->after.state(), "written_treatment");
  EXPECT_EQ(returned->event.kind, "returned_for_correction");
  EXPECT_EQ(returned->event.payload_json,
            R"({"assignee":"user:u-anne","previous":"user:u-anne","reason":"Fjern navnet i andet afsnit."})");

  // Only the ombudsman or a deputy; a comment is needed and bounded; a
  // stale version changes nothing.
  EXPECT_EQ(ReturnForCorrection(View(), Context(), bo_, to_anne_, "Ret.", 4).error().code, ErrorCode::kPermissionDenied);
  auto empty = ReturnForCorrection(View(), Context(), ombudsman_, to_anne_, "  \n", 4);
  ASSERT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().field_violations.at(0).reason, "required");
  EXPECT_EQ(ReturnForCorrection(View(), Context(), ombudsman_, to_anne_, std::string(2001, 'x'), 4)
                .error().field_violations.at(0).reason,
            "too_long");
  const Assignee gone{"u-gone", "Gone", Role::kCaseworker, false};
  EXPECT_EQ(ReturnForCorrection(View(), Context(), ombudsman_, gone, "Ret.", 4).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReturnForCorrection(View(), Context(), ombudsman_, to_anne_, "Ret.", 3).error().code, ErrorCode::kAborted);
}

TEST_F(AssignmentTest, ACaseworkerNeitherAssignsOthersNorTakesAColleaguesCase) {
  EXPECT_EQ(Assign(anne_, to_bo_).error().code, ErrorCode::kPermissionDenied);
  complaint_.set_assignee_id("u-bo");
  EXPECT_EQ(Assign(anne_, to_anne_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Assign(anne_, std::nullopt).error().code, ErrorCode::kPermissionDenied);
  // Bo releases his own.
  auto released = Assign(bo_, std::nullopt);
  ASSERT_TRUE(released.has_value()) << released.error().message;
  EXPECT_EQ(released->after.assignee_id(), "");
  EXPECT_EQ(released->event.payload_json, R"({"assignee":"","previous":"user:u-bo"})");
}

TEST_F(AssignmentTest, TheOmbudsmanAssignsAndReassignsToActiveStaffOnly) {
  complaint_.set_assignee_id("u-bo");
  auto reassigned = Assign(ombudsman_, to_anne_);
  ASSERT_TRUE(reassigned.has_value()) << reassigned.error().message;
  EXPECT_EQ(reassigned->after.assignee_id(), "u-anne");

  const Assignee department{"u-buf", "BUF", Role::kDepartment, true};
  const Assignee gone{"u-gone", "Gone", Role::kCaseworker, false};
  for (const Assignee& wrong : {department, gone}) {
    auto refused = Assign(ombudsman_, wrong);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(refused.error().field_violations.size(), 1u);
    EXPECT_EQ(refused.error().field_violations[0].field, "assignee_id");
  }
}

TEST_F(AssignmentTest, RefusalsForNoChangeAStaleVersionAndNonStaff) {
  complaint_.set_assignee_id("u-anne");
  EXPECT_EQ(Assign(ombudsman_, to_anne_).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Assign(ombudsman_, to_bo_, 3).error().code, ErrorCode::kAborted);
  EXPECT_EQ(Assign(ombudsman_, to_bo_, 0).error().code, ErrorCode::kInvalidArgument);
  const Actor department{Role::kDepartment, "BUF", "BUF", "", "u-buf"};
  EXPECT_EQ(Assign(department, to_anne_).error().code, ErrorCode::kPermissionDenied);
  const Actor system{Role::kCaseworker, "", "import", "token-1", ""};  // a system's token
  EXPECT_EQ(Assign(system, to_anne_).error().code, ErrorCode::kPermissionDenied);
}

// What the case page offers is what Assign allows: each choice offered is
// taken, and the one not offered is refused.
TEST_F(AssignmentTest, TheChoicesOfferedAreTheOnesAssignTakes) {
  const AssignmentChoices free_for_anne = AssignmentChoicesFor(anne_, complaint_);
  EXPECT_TRUE(free_for_anne.may_take);
  EXPECT_FALSE(free_for_anne.may_release);
  EXPECT_FALSE(free_for_anne.may_assign);
  EXPECT_TRUE(Assign(anne_, to_anne_).has_value());
  EXPECT_FALSE(Assign(anne_, to_bo_).has_value());

  complaint_.set_assignee_id("u-anne");
  const AssignmentChoices anne_has_it = AssignmentChoicesFor(anne_, complaint_);
  EXPECT_FALSE(anne_has_it.may_take);
  EXPECT_TRUE(anne_has_it.may_release);
  EXPECT_TRUE(Assign(anne_, std::nullopt).has_value());
  const AssignmentChoices bo_sees_it_taken = AssignmentChoicesFor(bo_, complaint_);
  EXPECT_FALSE(bo_sees_it_taken.may_take);
  EXPECT_FALSE(bo_sees_it_taken.may_release);
  EXPECT_FALSE(Assign(bo_, to_bo_).has_value());
  EXPECT_FALSE(Assign(bo_, std::nullopt).has_value());

  const AssignmentChoices ombudsman = AssignmentChoicesFor(ombudsman_, complaint_);
  EXPECT_TRUE(ombudsman.may_assign);
  EXPECT_FALSE(ombudsman.may_take);  // by assigning: the list has them too
  EXPECT_TRUE(Assign(ombudsman_, to_bo_).has_value());

  const Actor department{Role::kDepartment, "BUF", "BUF system", "t1", "u-buf"};
  const AssignmentChoices none = AssignmentChoicesFor(department, complaint_);
  EXPECT_FALSE(none.may_take || none.may_release || none.may_assign);
  const Actor by_token{Role::kCaseworker, "", "Script", "t9", ""};
  complaint_.clear_assignee_id();
  EXPECT_FALSE(AssignmentChoicesFor(by_token, complaint_).may_take);
}

}  // namespace
}  // namespace ombudsflow
