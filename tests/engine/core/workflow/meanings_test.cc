// The reports count steps by what they mean, never by their names: a copy
// of the newest complaint definition with every step and state renamed
// gives the same annual report on the same history.
#include "engine/core/workflow/meanings.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <set>
#include <tuple>

#include "engine/core/base/iso_date.h"
#include "engine/core/reports/annual_report.h"
#include "engine/core/workflow/report_tallies.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_lookup.h"
#include "tests/support/fake_clock.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

constexpr const char* kNewest = "complaint/v7.textproto";

// The newest complaint definition with every state and transition given
// another name wherever the definition names it.
std::string Renamed(const std::string& text, const v1::WorkflowDefinition& original) {
  std::set<std::string> names;
  for (const auto& state : original.state()) names.insert(state.name());
  for (const auto& transition : original.transition()) names.insert(transition.name());
  std::string renamed = text;
  for (const std::string& name : names) {
    const RE2 named("((?:name|from|to|initial_state|on_timeout):\\s*\")" + name + "\"");
    EXPECT_TRUE(named.ok()) << named.error();
    RE2::GlobalReplace(&renamed, named, "\\1omdoebt_" + name + "\"");
  }
  return renamed;
}

v1::WorkflowDefinition Parse(const std::string& file, const std::string& text) {
  auto parsed = ParseWorkflowDefinition({file, text}, testing::StandardRules(), testing::ShippedInputs());
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

// One case walked through `definition`, its tallies added to `sums`.
class Walk {
 public:
  Walk(const v1::WorkflowDefinition& definition, std::string prefix, std::vector<TallySum>& sums)
      : definition_(definition), prefix_(std::move(prefix)), sums_(sums) {
    complaint_.set_id("c0ffee00-0000-4000-8000-0000000000" + std::to_string(10 + ++cases_));
    complaint_.set_workflow(definition.name());
    complaint_.set_workflow_version(definition.version());
    complaint_.set_state(definition.initial_state());
    complaint_.set_version(1);
    complaint_.set_department("BUF");
    complaint_.mutable_complainant()->set_name("Jens Hansen");
    Add(RegistrationTallies(v1::LETTER));
  }

  void Take(Role role, const std::string& name, const std::string& input = "{}") {
    v1::TransitionRequest request;
    request.set_name(prefix_ + name);
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(input, request.mutable_input()).ok()) << input;
    request.set_expected_version(complaint_.version());
    const Actor actor{role, role == Role::kDepartment ? "BUF" : "", "Anne", "t1", "u-anne"};
    auto outcome = EvaluateTransition(View(), Context(), actor, request);
    ASSERT_TRUE(outcome.has_value()) << name << ": " << outcome.error().message;
    Moved(std::move(*outcome));
  }

  // What the case offers `role` now, as the case page lists it, with this
  // walk's prefix taken off every name.
  std::string Offered(Role role) const {
    const Actor actor{role, role == Role::kDepartment ? "BUF" : "", "Anne", "t1", "u-anne"};
    const v1::ListTransitionsResponse listed = ListTransitions(View(), Context(), actor);
    std::string text;
    google::protobuf::util::MessageToJsonString(listed, &text);
    if (!prefix_.empty()) RE2::GlobalReplace(&text, RE2(prefix_), "");
    return text;
  }

  // The state's deadline passes after `days`.
  void TimesOut(int days) {
    clock_.now += std::chrono::days(days);
    auto outcome = EvaluateTimeout(View(), Context());
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    Moved(std::move(*outcome));
  }

 private:
  CaseView View() const { return CaseView{complaint_, definition_, hash_, CaseNotices{}, OfficeState{}}; }
  // With the clock, so the working days the reports count are counted.
  EngineContext Context() const {
    return EngineContext{testing::StandardRules(), calendar_, clock_.now, clock_.LocalDate(clock_.now), 0, &clock_};
  }
  void Moved(TransitionOutcome outcome) {
    Add(outcome.tallies);
    complaint_ = std::move(outcome.after);
    hash_ = outcome.event.hash;
  }
  void Add(const std::vector<Tally>& tallies) {
    for (const Tally& tally : tallies) {
      sums_.push_back({definition_.name(), "BUF", tally.measure, tally.key, tally.value, tally.count});
    }
  }

  static inline int cases_ = 0;
  const v1::WorkflowDefinition& definition_;
  std::string prefix_;
  std::vector<TallySum>& sums_;
  v1::Complaint complaint_;
  std::string hash_ = std::string(64, 'a');
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  testing::FakeClock clock_;
};

// The same three cases through `definition`, whose names carry `prefix`.
std::vector<TallySum> History(const v1::WorkflowDefinition& definition, const std::string& prefix) {
  std::vector<TallySum> sums;
  const auto to_investigation = [](Walk& walk) {
    walk.Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
    walk.Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid", "Tone"]})");
  };
  const std::string weighed = R"("actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d",
                                 "improvement_potential": "e")";
  {  // Dialogue first.
    Walk walk(definition, prefix, sums);
    walk.Take(Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})");
  }
  {  // Investigated; the department answers after a reminder.
    Walk walk(definition, prefix, sums);
    to_investigation(walk);
    walk.Take(Role::kOmbudsman, "open_investigation", "{" + weighed + R"(, "selected_points": [1, 2]})");
    walk.TimesOut(40);
    walk.Take(Role::kDepartment, "record_department_answer", R"({"department_answer": "Svar"})");
  }
  {  // Investigated; answered on time.
    Walk walk(definition, prefix, sums);
    to_investigation(walk);
    walk.Take(Role::kOmbudsman, "open_investigation", "{" + weighed + R"(, "selected_points": [1]})");
    walk.Take(Role::kDepartment, "record_department_answer", R"({"department_answer": "Svar"})");
  }
  return sums;
}

v1::AnnualReport Report(const std::vector<TallySum>& sums, const v1::WorkflowDefinition& definition) {
  const ReportPeriod year{*ParseIsoDate("2026-01-01"), *ParseIsoDate("2026-12-31")};
  return BuildAnnualReport(year, sums, {{"BUF", "Børne- og Ungdomsforvaltningen"}}, WorkflowMeanings({&definition}));
}

TEST(MeaningsTest, ARenamedDefinitionGivesTheSameAnnualReportOnTheSameHistory) {
  const std::string text = testing::ReadShippedWorkflowFile(kNewest);
  const v1::WorkflowDefinition original = Parse(kNewest, text);
  const v1::WorkflowDefinition renamed = Parse("complaint/renamed.textproto", Renamed(text, original));
  ASSERT_EQ(renamed.initial_state(), "omdoebt_" + original.initial_state());
  for (const auto& transition : renamed.transition()) ASSERT_THAT(transition.name(), ::testing::StartsWith("omdoebt_"));

  const auto original_sums = History(original, "");
  const auto renamed_sums = History(renamed, "omdoebt_");
  v1::AnnualReport before = Report(original_sums, original);
  v1::AnnualReport after = Report(renamed_sums, renamed);
  // The times per state and the deadlines passed per state are listed by
  // the state's name, which the pages label: names by design.
  EXPECT_GT(after.deadlines_passed_size(), 0);
  for (auto* report : {&before, &after}) {
    report->clear_stage_times();
    report->clear_case_times();
    report->clear_deadlines_passed();
  }
  std::string difference;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differ.Compare(before, after)) << difference;

  // The history is counted, not merely equal in being empty.
  EXPECT_EQ(after.guided_to_dialogue(), 1);
  EXPECT_EQ(after.investigations_opened(), 2);
  ASSERT_EQ(after.departments_size(), 1);
  EXPECT_EQ(after.departments(0).hearings_answered_on_time(), 1);
  EXPECT_EQ(after.departments(0).hearings_answered_after_reminder(), 1);

  // Without the meanings, the renamed history counts nothing of the kind.
  const ReportPeriod year{*ParseIsoDate("2026-01-01"), *ParseIsoDate("2026-12-31")};
  const auto blind = BuildAnnualReport(year, renamed_sums, {{"BUF", "x"}}, WorkflowMeanings({&original}));
  EXPECT_EQ(blind.guided_to_dialogue(), 0);
  EXPECT_EQ(blind.departments(0).hearings_answered_on_time(), 0);
}

// The case page's half: on the same history, every role is offered the
// same steps, allowed or refused alike, with the same meanings, inputs and
// questions, under the renamed names.
TEST(MeaningsTest, ARenamedDefinitionOffersTheSameStepsOnTheSameHistory) {
  const std::string text = testing::ReadShippedWorkflowFile(kNewest);
  const v1::WorkflowDefinition original = Parse(kNewest, text);
  const v1::WorkflowDefinition renamed = Parse("complaint/renamed.textproto", Renamed(text, original));
  std::vector<TallySum> ignored;
  Walk first(original, "", ignored);
  Walk second(renamed, "omdoebt_", ignored);
  const auto same_offers = [&](const std::string& where) {
    for (const Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kDepartment}) {
      const std::string offered = first.Offered(role);
      EXPECT_NE(offered.find("\"transitions\""), std::string::npos) << where << ": nothing to compare";
      EXPECT_EQ(second.Offered(role), offered) << where << ", role " << RoleName(role);
    }
  };
  EXPECT_NE(first.Offered(Role::kCaseworker).find("\"allowed\":true"), std::string::npos);
  same_offers("received");
  for (Walk* walk : {&first, &second}) {
    walk->Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
    walk->Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Svartid"]})");
    walk->Take(Role::kOmbudsman, "open_investigation",
               R"({"actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d",
                   "improvement_potential": "e", "selected_points": [1]})");
  }
  same_offers("hearing");
}

TEST(MeaningsTest, AMeaningBelongsToOneStepAndOneStateAndTheLoaderSaysWhere) {
  std::string text = testing::ReadShippedWorkflowFile(kNewest);
  const std::string tag = "meaning: STEP_GUIDE_TO_DIALOGUE";
  ASSERT_NE(text.find(tag), std::string::npos);
  // Give consider_solutions the same meaning.
  const std::string consider = "name: \"consider_solutions\"";
  text.replace(text.find(consider), consider.size(), consider + "\n  " + tag);
  auto refused = ParseWorkflowDefinition({kNewest, text}, testing::StandardRules(), testing::ShippedInputs());
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, HasSubstr("complaint/v7.textproto:"));
  EXPECT_THAT(refused.error().message,
              HasSubstr("transition 'consider_solutions' means STEP_GUIDE_TO_DIALOGUE, as 'guide_to_dialogue' does"));
  // An unknown meaning is the parser's refusal, with its line too.
  std::string unknown = testing::ReadShippedWorkflowFile(kNewest);
  unknown.replace(unknown.find(tag), tag.size(), "meaning: STEP_TAKE_A_BREAK");
  refused = ParseWorkflowDefinition({kNewest, unknown}, testing::StandardRules(), testing::ShippedInputs());
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, HasSubstr("STEP_TAKE_A_BREAK"));
}

// Where a page finds a step by its meaning, the loader insists the step has
// it: an approval, a department's step and the answer a hearing asks for.
TEST(MeaningsTest, AStepThePagesSingleOutMustCarryItsMeaningAndTheLoaderSaysWhere) {
  const std::string shipped = testing::ReadShippedWorkflowFile(kNewest);
  const auto without = [&](const std::string& tag) {
    std::string text = shipped;
    const auto at = text.find(tag);
    EXPECT_NE(at, std::string::npos) << tag;
    text.erase(at, tag.size());
    auto refused = ParseWorkflowDefinition({kNewest, text}, testing::StandardRules(), testing::ShippedInputs());
    EXPECT_FALSE(refused.has_value()) << "without " << tag;
    return refused ? std::string() : refused.error().message;
  };
  const std::string approval = without("meaning: STEP_APPROVE_PUBLICATION");
  EXPECT_THAT(approval, HasSubstr("complaint/v7.textproto:"));
  EXPECT_THAT(approval, HasSubstr("transition 'approve_publication' is guarded by approver_authorised: it must mean "
                                  "STEP_APPROVE_PUBLICATION"));
  const std::string answer = without("meaning: STEP_ANSWER_HEARING");
  EXPECT_THAT(answer, HasSubstr("transition 'record_department_answer' is the department's"));
  EXPECT_THAT(answer, HasSubstr("transition 'open_investigation' asks the department for a hearing answer"));
  const std::string follow_up = without("meaning: STEP_RECORD_FOLLOW_UP");
  EXPECT_THAT(follow_up, HasSubstr("transition 'record_follow_up' is the department's"));
  EXPECT_THAT(follow_up, HasSubstr("transition 'await_follow_up' asks the department how it followed up"));
}

TEST(MeaningsTest, EveryShippedComplaintVersionTagsWhatTheReportsCount) {
  for (const auto& definition : testing::ShippedDefinitions()) {
    if (definition.name() != "complaint") continue;
    std::vector<v1::StepMeaning> counted = {v1::STEP_GUIDE_TO_DIALOGUE, v1::STEP_ASSISTED_FORWARDING,
                                            v1::STEP_OPEN_INVESTIGATION, v1::STEP_ANSWER_HEARING};
    if (definition.version() >= 2) counted.push_back(v1::STEP_APPROVE_PUBLICATION);  // v1 published nothing
    for (const auto meaning : counted) {
      EXPECT_NE(StepWithMeaning(definition, meaning), nullptr)
          << "complaint v" << definition.version() << " lacks " << v1::StepMeaning_Name(meaning);
    }
  }
}

}  // namespace
}  // namespace ombudsflow
