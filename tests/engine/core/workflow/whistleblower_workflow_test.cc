// The whistleblower workflow's deadlines as the law counts them: 7 days
// for the acknowledgement, 3 calendar months for the feedback (the same
// day of the month, or the month's last day when it is shorter).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <tuple>

#include "engine/core/workflow/workflow_catalog.h"
#include "engine/core/workflow/workflow_lookup.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using namespace std::chrono;

Date Day(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

std::string Text(const std::string& name) {
  std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

v1::WorkflowDefinition Shipped(const std::string& name = "whistleblower/v2.textproto") {
  auto parsed = ParseWorkflowDefinition({name, Text(name)}, testing::StandardRules(), testing::ShippedInputs());
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

TEST(CalendarMonthsTest, KeepTheDayOfTheMonthOrTakeTheMonthsLastDay) {
  EXPECT_EQ(AddCalendarMonths(Day(2026, 12, 7), 3), Day(2027, 3, 7));
  EXPECT_EQ(AddCalendarMonths(Day(2026, 11, 30), 3), Day(2027, 2, 28));
  EXPECT_EQ(AddCalendarMonths(Day(2027, 11, 30), 3), Day(2028, 2, 29));  // a leap year
  EXPECT_EQ(AddCalendarMonths(Day(2027, 1, 31), 1), Day(2027, 2, 28));
  EXPECT_EQ(AddCalendarMonths(Day(2027, 5, 31), 1), Day(2027, 6, 30));
  EXPECT_EQ(AddCalendarMonths(Day(2026, 10, 15), 14), Day(2027, 12, 15));
  EXPECT_EQ(AddCalendarMonths(Day(2026, 10, 15), 0), Day(2026, 10, 15));
}

TEST(WhistleblowerWorkflowTest, AcknowledgesWithinSevenDaysAndGivesFeedbackWithinThreeMonths) {
  const v1::WorkflowDefinition workflow = Shipped();
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  // The 7 days are calendar days: Christmas does not stop them.
  const Date received = Day(2026, 12, 22);
  const v1::State* first = FindState(workflow, workflow.initial_state());
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(DueDate(*first, calendar, received), Day(2026, 12, 29));
  EXPECT_EQ(first->deadline().on_timeout(), "acknowledgement_lapsed");
  // Three months from the acknowledgement, or from the seven days' end.
  for (const char* state : {"receipt_acknowledged", "acknowledgement_overdue"}) {
    const v1::State* waiting = FindState(workflow, state);
    ASSERT_NE(waiting, nullptr) << state;
    EXPECT_EQ(DueDate(*waiting, calendar, Day(2026, 11, 30)), Day(2027, 2, 28)) << state;
    EXPECT_EQ(waiting->deadline().on_timeout(), "feedback_lapsed") << state;
  }
  // Version 2: the three months after a missed acknowledgement count from
  // the seven days' end; a late acknowledgement keeps that deadline.
  EXPECT_TRUE(FindState(workflow, "acknowledgement_overdue")->deadline().from_lapsed_deadline());
  EXPECT_TRUE(FindState(workflow, "acknowledged_late")->deadline().keeps_running());
  EXPECT_EQ(FindTransition(workflow, "acknowledge_late")->to(), "acknowledged_late");
  EXPECT_NO_THROW(Shipped("whistleblower/v1.textproto"));
  // No step writes to a department or publishes: the report is the office's.
  for (const v1::Transition& transition : workflow.transition()) {
    for (const v1::Call& action : transition.action()) {
      EXPECT_EQ(action.name(), "alert_office") << transition.name();
    }
    for (const std::string& role : transition.roles()) EXPECT_NE(role, "department") << transition.name();
  }
}

TEST(WhistleblowerWorkflowTest, ADeadlineCountsFromALapsedOneOnlyWhereATimerEnters) {
  for (const auto& [from, to, why] :
       {std::tuple{"on_timeout: \"feedback_lapsed\" keeps_running: true", "on_timeout: \"feedback_lapsed\" keeps_running: true from_lapsed_deadline: true",
                   "not both"},
        std::tuple{"on_timeout: \"feedback_lapsed\" keeps_running: true", "on_timeout: \"feedback_lapsed\" from_lapsed_deadline: true",
                   "no timer enters 'acknowledged_late'"}}) {
    std::string text = Text("whistleblower/v2.textproto");
    text.replace(text.find(from), std::string(from).size(), to);
    auto parsed = ParseWorkflowDefinition({"whistleblower/v2.textproto", text}, testing::StandardRules(),
                                          testing::ShippedInputs());
    ASSERT_FALSE(parsed.has_value()) << why;
    EXPECT_NE(parsed.error().message.find(why), std::string::npos) << parsed.error().message;
  }
}

TEST(WhistleblowerWorkflowTest, ADeadlineNeedsItsPeriod) {
  std::string text = Text("whistleblower/v1.textproto");
  const std::string months = "calendar_months: 3 ";
  text.replace(text.find(months), months.size(), "");
  auto parsed = ParseWorkflowDefinition({"whistleblower/v1.textproto", text}, testing::StandardRules(),
                                        testing::ShippedInputs());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("needs calendar_days, working_days or calendar_months"), std::string::npos)
      << parsed.error().message;
}

}  // namespace
}  // namespace ombudsflow
