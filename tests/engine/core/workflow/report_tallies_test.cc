#include "engine/core/workflow/report_tallies.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/fake_clock.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;
using google::protobuf::util::TimeUtil;

const v1::WorkflowDefinition& ComplaintV6() {
  static const v1::WorkflowDefinition kDefinition = [] {
    auto parsed = ParseWorkflowDefinition(
        {"complaint/v6.textproto", testing::ReadShippedWorkflowFile("complaint/v6.textproto")},
        testing::StandardRules(), testing::ShippedInputs());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return kDefinition;
}

Date Day(int year, unsigned month, unsigned day) {
  return std::chrono::sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day));
}

// Walks a case through the shipped complaint workflow on days the test
// chooses, as the store would: each outcome becomes the case.
class ReportTalliesTest : public ::testing::Test {
 protected:
  ReportTalliesTest() {
    On(Day(2026, 3, 2));  // a Monday
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_workflow("complaint");
    complaint_.set_workflow_version(6);
    complaint_.set_state("received");
    complaint_.set_version(1);
    complaint_.set_department("BUF");
    const auto now = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(clock_.now));
    *complaint_.mutable_create_time() = now;
    *complaint_.mutable_state_enter_time() = now;
  }

  void On(Date day) { clock_.now = Timestamp{day} + std::chrono::hours{10}; }

  EngineContext Context() const {
    return EngineContext{testing::StandardRules(), calendar_, clock_.now, clock_.LocalDate(clock_.now), 0, &clock_};
  }

  std::vector<Tally> Take(Role role, const std::string& name, const std::string& input = "{}") {
    v1::TransitionRequest request;
    request.set_name(name);
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(input, request.mutable_input()).ok()) << input;
    request.set_expected_version(complaint_.version());
    const Actor actor{role, "", "Anne", "t1"};
    auto outcome = EvaluateTransition(CaseView{complaint_, ComplaintV6(), chain_head_}, Context(), actor, request);
    EXPECT_TRUE(outcome.has_value()) << name << ": " << (outcome ? "" : outcome.error().message);
    if (!outcome) return {};
    Become(*outcome);
    return outcome->tallies;
  }

  std::vector<Tally> Timeout() {
    auto outcome = EvaluateTimeout(CaseView{complaint_, ComplaintV6(), chain_head_}, Context());
    EXPECT_TRUE(outcome.has_value());
    if (!outcome) return {};
    Become(*outcome);
    return outcome->tallies;
  }

  void Become(const TransitionOutcome& outcome) {
    complaint_ = outcome.after;
    chain_head_ = outcome.event.hash;
    last_payload_ = outcome.event.payload_json;
  }

  testing::FakeClock clock_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  v1::Complaint complaint_;
  std::string chain_head_ = std::string(64, 'a');
  std::string last_payload_;
};

TEST_F(ReportTalliesTest, AnInvestigationCountsItsStagesPointsOutcomesAndTheHearingsDeadline) {
  On(Day(2026, 3, 4));  // Wednesday: 2 working days after Monday's registration
  EXPECT_THAT(Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})"),
              IsSupersetOf({Tally{"transition", "consider_solutions", 0, 1}, Tally{"stage", "received", 2, 1},
                            Tally{"department_has_answered", "true", 0, 1}}));
  // The same day: 0 working days in considering_solutions.
  EXPECT_THAT(Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Ét", "To", "Tre"]})"),
              IsSupersetOf({Tally{"stage", "considering_solutions", 0, 1}, Tally{"points", "registered", 0, 3}}));
  On(Day(2026, 3, 9));  // Monday: Thursday, Friday and Monday
  const auto opened = Take(Role::kOmbudsman, "open_investigation",
                           R"({"actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d",
                               "improvement_potential": "e", "selected_points": [1, 3]})");
  EXPECT_THAT(opened, IsSupersetOf({Tally{"stage", "written_treatment", 3, 1}, Tally{"points", "selected", 0, 2}}));
  // Texts are never counted, whatever they say.
  for (const auto& tally : opened) EXPECT_NE(tally.measure, "actuality");

  // The hearing's 15 working days end on Monday 30 March; its timer fires.
  On(Day(2026, 3, 30));
  EXPECT_THAT(Timeout(), IsSupersetOf({Tally{"transition", "remind_department", 0, 1},
                                       Tally{"stage", "hearing", 15, 1}, Tally{"deadline_passed", "hearing", 0, 1}}));
  // Answered on Tuesday 7 April, after Easter's closed days: 3 working days
  // after the reminder, 18 since the hearing began.
  On(Day(2026, 4, 7));
  EXPECT_THAT(Take(Role::kCaseworker, "record_department_answer", R"({"department_answer": "Svar"})"),
              IsSupersetOf({Tally{"stage", "hearing_reminded", 3, 1},
                            Tally{"chain_exit", "hearing_reminded:record_department_answer", 18, 1}}));
  const auto assessed = Take(Role::kCaseworker, "assess_points",
                             R"({"assessments": [
                                   {"number": 1, "outcome": "CRITICISM", "reasoning": "r", "recommendation": "Svar"},
                                   {"number": 3, "outcome": "NO_CRITICISM", "reasoning": "r"}]})");
  EXPECT_THAT(assessed, IsSupersetOf({Tally{"outcome", "criticism", 0, 1}, Tally{"outcome", "no_criticism", 0, 1},
                                      Tally{"recommendation", "", 0, 1}}));
  EXPECT_THAT(assessed, Not(Contains(Tally{"outcome", "serious_criticism", 0, 1})));
  // The event carries what it adds, and nothing of the texts.
  EXPECT_THAT(last_payload_, ::testing::HasSubstr(R"(["outcome","criticism",0,1])"));
  EXPECT_THAT(last_payload_, Not(::testing::HasSubstr("Svar")));

  // Closed on Wednesday 8 April: 24 working days after registration
  // (March's 21 after the 2nd, then 1, 7 and 8 April).
  On(Day(2026, 4, 8));
  EXPECT_THAT(Take(Role::kOmbudsman, "close_without_publication", R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Intet nyt"})"),
              IsSupersetOf({Tally{"case", "closed", 24, 1}, Tally{"newsletter", "false", 0, 1}}));
}

TEST_F(ReportTalliesTest, AReferralCountsTheBodysKindAndAnAnswerWithinTheDeadlineIsOnTime) {
  EXPECT_THAT(Take(Role::kCaseworker, "refer_elsewhere",
                   R"({"referred_to": "ankestyrelsen", "referral_reason": "Klage over afgørelse"})"),
              IsSupersetOf({Tally{"referral", "appeals_board", 0, 1}, Tally{"referred_to", "ankestyrelsen", 0, 1},
                            Tally{"case", "referred", 0, 1}}));
}

TEST_F(ReportTalliesTest, WithoutAClockNoDurationIsCounted) {
  v1::TransitionRequest request;
  request.set_name("consider_solutions");
  (*request.mutable_input()->mutable_fields())["department_has_answered"].set_bool_value(true);
  request.set_expected_version(1);
  const EngineContext context{testing::StandardRules(), calendar_, clock_.now, clock_.LocalDate(clock_.now)};
  auto outcome = EvaluateTransition(CaseView{complaint_, ComplaintV6(), chain_head_}, context,
                                    Actor{Role::kCaseworker, "", "Anne", "t1"}, request);
  ASSERT_TRUE(outcome.has_value());
  for (const auto& tally : outcome->tallies) EXPECT_NE(tally.measure, "stage");
  EXPECT_THAT(outcome->tallies, Contains(Tally{"transition", "consider_solutions", 0, 1}));
}

}  // namespace
}  // namespace ombudsflow
