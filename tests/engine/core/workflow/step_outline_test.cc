// What a step's form tells before it is taken comes from the definition:
// who may take it, the letters it sends, whether the citizen's needs apply,
// four eyes, what its notice carries and which texts are checked as typed.
#include "engine/core/workflow/step_outline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class StepOutlineTest : public ::testing::Test {
 protected:
  StepOutlineTest() {
    const std::string file = "complaint/v7.textproto";
    auto parsed = ParseWorkflowDefinition({file, testing::ReadShippedWorkflowFile(file)}, testing::StandardRules(),
                                          testing::ShippedInputs());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    definition_ = *parsed;
  }

  StepOutline Outline(const std::string& step, Role role = Role::kCaseworker) const {
    const v1::Transition* transition = FindTransition(definition_, step);
    if (transition == nullptr) throw std::runtime_error("no step " + step);
    const EngineContext context{testing::StandardRules(), calendar_, FromUnixMicros(0), Date{}};
    return OutlineStep(definition_, context, *transition, role);
  }

  v1::WorkflowDefinition definition_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
};

std::string Named(const QueuedLetter& letter) { return letter.template_name + " to " + letter.recipient; }

TEST_F(StepOutlineTest, AStepThatWritesToTheCitizenAndTheDepartmentNamesBothLettersInOrder) {
  const StepOutline outline = Outline("assisted_forwarding");
  ASSERT_EQ(outline.letters.size(), 2u);
  EXPECT_EQ(Named(outline.letters[0]), "assisted_forwarding to citizen");
  EXPECT_EQ(Named(outline.letters[1]), "assisted_forwarding to department");
  EXPECT_TRUE(outline.contacts_citizen);
  EXPECT_THAT(outline.roles, ElementsAre("caseworker", "ombudsman", "deputy"));
}

TEST_F(StepOutlineTest, AMeetingWithTheCitizenContactsThemWithoutALetter) {
  const StepOutline outline = Outline("record_contact");
  EXPECT_THAT(outline.letters, IsEmpty());
  EXPECT_TRUE(outline.contacts_citizen);
}

TEST_F(StepOutlineTest, ANoticeToTheDepartmentNamesTheFactsItCarriesAndLeavesTheCitizenAside) {
  const StepOutline outline = Outline("send_pre_publication_notice");
  EXPECT_THAT(outline.letters, IsEmpty());
  EXPECT_FALSE(outline.contacts_citizen);
  EXPECT_THAT(outline.notice_facts, ElementsAre("publication_title", "publication_text"));
}

TEST_F(StepOutlineTest, RevisingTheDraftBarsTheOmbudsmanFromApprovingItButNotTheCaseworker) {
  EXPECT_TRUE(Outline("revise_publication", Role::kOmbudsman).bars_own_approval);
  EXPECT_TRUE(Outline("revise_publication", Role::kDeputy).bars_own_approval);
  EXPECT_FALSE(Outline("revise_publication", Role::kCaseworker).bars_own_approval);
  EXPECT_FALSE(Outline("send_pre_publication_notice", Role::kOmbudsman).bars_own_approval);
}

TEST_F(StepOutlineTest, TheDraftsTextsAreCheckedAsTheyAreWritten) {
  EXPECT_THAT(Outline("draft_publication").texts_checked_ahead,
              ::testing::IsSupersetOf({"publication_title", "publication_text"}));
  EXPECT_THAT(Outline("assisted_forwarding").texts_checked_ahead, IsEmpty());
}

TEST_F(StepOutlineTest, OnlyTheOmbudsmanAndADeputyApprove) {
  EXPECT_THAT(Outline("approve_publication").roles, ElementsAre("ombudsman", "deputy"));
}

}  // namespace
}  // namespace ombudsflow
