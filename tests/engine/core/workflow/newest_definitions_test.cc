// The engine's core walks the newest definition of each workflow, as new
// cases run them: own-initiative investigations and discrimination hotline
// contacts from their first state to each end, timers and department steps
// included. (The complaint's newest is walked in transition_test.cc and
// meanings_test.cc.) When a newer version is added, the first test fails
// until its walk is written here.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/fake_clock.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::ElementsAre;

// The highest vN.textproto of `workflow` under workflows/.
std::string NewestFile(const std::string& workflow) {
  int newest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(OMBUDSFLOW_WORKFLOWS_DIR) / workflow)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 10 && name[0] == 'v' && name.ends_with(".textproto")) {
      newest = std::max(newest, std::stoi(name.substr(1, name.size() - 11)));
    }
  }
  return workflow + "/v" + std::to_string(newest) + ".textproto";
}

v1::WorkflowDefinition Newest(const std::string& workflow) {
  const std::string file = NewestFile(workflow);
  auto parsed = ParseWorkflowDefinition({file, testing::ReadShippedWorkflowFile(file)}, testing::StandardRules(),
                                        testing::ShippedInputs());
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

// One case on `definition`, moved step by step as the engine moves it.
class Case {
 public:
  explicit Case(const v1::WorkflowDefinition& definition) : definition_(definition) {
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000077");
    complaint_.set_workflow(definition.name());
    complaint_.set_workflow_version(definition.version());
    complaint_.set_state(definition.initial_state());
    complaint_.set_version(1);
    complaint_.set_department("BUF");
  }

  // Takes `step` as `role` with `input`; the state it reached, or why not.
  std::string Take(Role role, const std::string& step, const std::string& input = "{}") {
    v1::TransitionRequest request;
    request.set_name(step);
    if (!google::protobuf::util::JsonStringToMessage(input, request.mutable_input()).ok()) return "bad input";
    request.set_expected_version(complaint_.version());
    const Actor actor{role, role == Role::kDepartment ? "BUF" : "", "Anne", "t1",
                      role == Role::kDepartment ? "" : "u-" + std::string(RoleName(role))};
    auto outcome = EvaluateTransition(View(), Context(), actor, request);
    if (!outcome) return "refused by " + outcome.error().refused_by + ": " + outcome.error().message;
    return Moved(std::move(*outcome));
  }

  // The state's deadline passes after `days`.
  std::string TimesOut(int days) {
    clock_.now += std::chrono::days(days);
    auto outcome = EvaluateTimeout(View(), Context());
    if (!outcome) return "no timer: " + outcome.error().message;
    return Moved(std::move(*outcome));
  }

  // Every notice to the department so far, by kind, in order.
  const std::vector<std::string>& notices() const { return notices_; }
  const std::vector<std::string>& alerts() const { return alerts_; }
  const v1::Complaint& complaint() const { return complaint_; }

 private:
  CaseView View() const { return CaseView{complaint_, definition_, hash_, CaseNotices{}, OfficeState{}}; }
  EngineContext Context() const {
    return EngineContext{testing::StandardRules(), calendar_, clock_.now, clock_.LocalDate(clock_.now), 0, &clock_};
  }
  std::string Moved(TransitionOutcome outcome) {
    for (const Effect& effect : outcome.effects) {
      if (const auto* notice = std::get_if<DepartmentNotice>(&effect)) notices_.push_back(notice->notice);
      if (const auto* alert = std::get_if<OfficeAlert>(&effect)) alerts_.push_back(alert->about);
    }
    complaint_ = std::move(outcome.after);
    hash_ = outcome.event.hash;
    return complaint_.state();
  }

  const v1::WorkflowDefinition& definition_;
  v1::Complaint complaint_;
  std::string hash_ = std::string(64, 'a');
  std::vector<std::string> notices_;
  std::vector<std::string> alerts_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  testing::FakeClock clock_;
};

TEST(NewestDefinitionsTest, TheWalksBelowAreOfTheNewestVersions) {
  EXPECT_EQ(NewestFile("own_initiative"), "own_initiative/v4.textproto");
  EXPECT_EQ(NewestFile("discrimination_hotline"), "discrimination_hotline/v3.textproto");
}

constexpr const char* kCriteria = R"("actuality": "høj", "significance": "stor", "complexity": "høj",
                                     "citizen_gain": "tryghed", "improvement_potential": "ny praksis")";

TEST(NewestDefinitionsTest, AnOwnInitiativeInvestigationIsHeardRemindedEscalatedAndFollowedUp) {
  const v1::WorkflowDefinition definition = Newest("own_initiative");
  Case investigation(definition);
  // Only the ombudsman or a deputy opens one.
  EXPECT_THAT(investigation.Take(Role::kCaseworker, "decide_to_investigate",
                                 std::string(R"({"kind": "inspection", "source": "press", )") + kCriteria + "}"),
              ::testing::StartsWith("refused"));
  EXPECT_EQ(investigation.Take(Role::kOmbudsman, "decide_to_investigate",
                               std::string(R"({"kind": "inspection", "source": "press", )") + kCriteria + "}"),
            "hearing");
  EXPECT_EQ(investigation.TimesOut(30), "hearing_reminded");
  EXPECT_EQ(investigation.TimesOut(30), "hearing_escalated");
  EXPECT_EQ(investigation.Take(Role::kDepartment, "record_department_answer",
                               R"({"department_answer": "Redegørelse vedlagt."})"),
            "assessment");
  EXPECT_EQ(investigation.Take(Role::kCaseworker, "conclude",
                               R"({"findings": "Praksis i strid med reglerne", "discrimination_involved": false,
                                   "recommendation_made": true})"),
            "ready_for_publication");
  // A recommendation is followed up, never closed without.
  EXPECT_THAT(investigation.Take(Role::kOmbudsman, "close_without_publication",
                                 R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Nej"})"),
              ::testing::StartsWith("refused by no_recommendation_made"));
  EXPECT_EQ(investigation.Take(Role::kCaseworker, "await_follow_up",
                               R"({"newsletter": true, "newsletter_criteria": ["larger_case"],
                                   "newsletter_note": "Tilsynet skal kendes"})"),
            "awaiting_follow_up");
  EXPECT_EQ(investigation.TimesOut(70), "follow_up_reminded");
  EXPECT_EQ(investigation.Take(Role::kDepartment, "record_follow_up",
                               R"({"compliance": "partly", "follow_up_note": "Ny instruks fra 1. marts."})"),
            "closed");
  // The department is reminded; an escalation is the ombudsman's to see.
  EXPECT_THAT(investigation.notices(), ElementsAre("own_initiative_hearing", "hearing_reminder",
                                                   "follow_up_requested", "follow_up_reminder"));
  EXPECT_THAT(investigation.alerts(), ElementsAre("hearing_overdue", "follow_up_overdue"));
}

TEST(NewestDefinitionsTest, AnOwnInitiativeProposalIsDroppedOrClosedWithoutPublication) {
  const v1::WorkflowDefinition definition = Newest("own_initiative");
  Case dropped(definition);
  EXPECT_EQ(dropped.Take(Role::kOmbudsman, "drop", R"({"reason_not_investigated": "Ikke aktuelt"})"), "dropped");

  Case closed(definition);
  ASSERT_EQ(closed.Take(Role::kDeputy, "decide_to_investigate",
                        std::string(R"({"kind": "general_investigation", "source": "complaints", )") + kCriteria + "}"),
            "hearing");
  ASSERT_EQ(closed.Take(Role::kCaseworker, "record_department_answer", R"({"department_answer": "Svar."})"),
            "assessment");
  ASSERT_EQ(closed.Take(Role::kCaseworker, "conclude",
                        R"({"findings": "Intet at bemærke", "discrimination_involved": false,
                            "recommendation_made": false})"),
            "ready_for_publication");
  EXPECT_EQ(closed.Take(Role::kOmbudsman, "close_without_publication",
                        R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Intet nyt"})"),
            "closed");
}

TEST(NewestDefinitionsTest, AHotlineContactEndsInGuidanceOrAReferralAndConvertsOnlyWithItsComplaint) {
  const v1::WorkflowDefinition definition = Newest("discrimination_hotline");
  const auto assessed = [&](Case& contact) {
    return contact.Take(Role::kCaseworker, "assess", R"({"possible_illegal_discrimination": true, "ground": "etnicitet"})");
  };
  Case guided(definition);
  ASSERT_EQ(assessed(guided), "assessed");
  EXPECT_EQ(guided.Take(Role::kCaseworker, "guide_on_options", R"({"options_given": "Ligebehandlingsnævnet"})"),
            "guided");

  Case referred(definition);
  ASSERT_EQ(assessed(referred), "assessed");
  EXPECT_EQ(referred.Take(Role::kCaseworker, "refer",
                          R"({"referred_to": "institut_for_menneskerettigheder",
                              "referral_reason": "Instituttet rådgiver gratis om forskelsbehandling."})"),
            "referred");
  EXPECT_EQ(referred.complaint().facts().fields().at("referral_kind").string_value(), "human_rights");

  // Converting is the conversion's own: a step fired alone is refused,
  // within the office's competence or not.
  Case converted(definition);
  ASSERT_EQ(assessed(converted), "assessed");
  EXPECT_THAT(converted.Take(Role::kCaseworker, "convert_to_complaint",
                             R"({"within_competence": false, "complaint_id": "x"})"),
              ::testing::StartsWith("refused by fact_in"));
  EXPECT_THAT(converted.Take(Role::kCaseworker, "convert_to_complaint",
                             R"({"within_competence": true, "complaint_id": "c0ffee00-0000-4000-8000-000000000009"})"),
              ::testing::StartsWith("refused by converted_complaint_recorded"));
  EXPECT_EQ(converted.complaint().state(), "assessed");
}

}  // namespace
}  // namespace ombudsflow
