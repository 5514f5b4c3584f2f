#include "engine/core/workflow/transition.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/core/workflow/workflow_lookup.h"
#include "engine/core/workflow/workflow_migration.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const RuleRegistry& Rules() { return testing::StandardRules(); }

// A shipped complaint workflow version, read from workflows/ as the server
// reads it.
v1::WorkflowDefinition ShippedComplaintWorkflow(int version) {
  const std::string name = "complaint/v" + std::to_string(version) + ".textproto";
  std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  auto parsed = ParseWorkflowDefinition({name, text.str()}, Rules(), testing::ShippedInputs());
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

// The newest shipped version: the one new cases run.
int NewestComplaintVersion() {
  int newest = 0;
  while (std::filesystem::exists(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/complaint/v" + std::to_string(newest + 1) +
                                 ".textproto")) {
    ++newest;
  }
  return newest;
}

const v1::WorkflowDefinition& ComplaintWorkflow() {
  static const v1::WorkflowDefinition kDefinition = ShippedComplaintWorkflow(NewestComplaintVersion());
  return kDefinition;
}

google::protobuf::Struct Input(const std::string& json) {
  google::protobuf::Struct input;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &input).ok()) << json;
  return input;
}

class TransitionTest : public ::testing::Test {
 protected:
  TransitionTest() {
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_case_number("BR-2026-00001");
    complaint_.set_workflow("complaint");
    complaint_.set_workflow_version(ComplaintWorkflow().version());
    complaint_.set_state("received");
    complaint_.set_version(1);
    complaint_.set_department("BUF");
    complaint_.mutable_complainant()->set_language("ar");
    complaint_.mutable_complainant()->set_needs_interpreter(true);
  }

  Result<TransitionOutcome> Fire(Role role, const std::string& name, const std::string& input = "{}",
                                 std::uint32_t version = 0) {
    v1::TransitionRequest request;
    request.set_name(name);
    *request.mutable_input() = Input(input);
    request.set_reason("because");
    request.set_expected_version(version == 0 ? complaint_.version() : version);
    Actor actor{role, role == Role::kDepartment ? department_ : "", "Anne", "t1"};
    return EvaluateTransition(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), actor,
                              request);
  }

  // Fires and moves the test's case to the outcome, as the store would.
  void Take(Role role, const std::string& name, const std::string& input = "{}") {
    auto outcome = Fire(role, name, input);
    ASSERT_TRUE(outcome.has_value()) << name << ": " << outcome.error().message;
    complaint_ = outcome->after;
    chain_head_ = outcome->event.hash;
  }

  EngineContext Context() const { return EngineContext{Rules(), calendar_, now_, today_}; }

  // Takes the case to 'hearing' with one selected complaint point.
  void ToHearing() {
    Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
    Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Én"]})");
    Take(Role::kOmbudsman, "open_investigation",
         R"({"actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d",
             "improvement_potential": "e", "selected_points": [1]})");
  }

  v1::Complaint complaint_;
  std::string chain_head_ = std::string(64, 'a');
  std::string department_ = "BUF";
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Timestamp now_ = FromUnixMicros(1'774'951'200'000'000);  // 2026-03-31T10:00Z
  Date today_ = std::chrono::sys_days(std::chrono::year(2026) / 3 / 31);
};

TEST_F(TransitionTest, GuidesToDialogueWithALetterToTheCitizenAndADeadline) {
  auto outcome = Fire(Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})");
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->after.state(), "awaiting_dialogue");
  EXPECT_EQ(outcome->after.version(), 2u);
  EXPECT_FALSE(FindFact(outcome->after, "department_has_answered")->bool_value());
  ASSERT_EQ(outcome->effects.size(), 1u);
  const auto* letter = std::get_if<Letter>(&outcome->effects[0]);
  ASSERT_NE(letter, nullptr);
  EXPECT_EQ(letter->template_name, "guide_to_dialogue");
  EXPECT_EQ(letter->recipient, "citizen");
  EXPECT_TRUE(letter->html.empty());  // the service renders it, in the variant the needs choose
  // 30 working days from Tuesday 31 March 2026, Easter's five closed days skipped.
  ASSERT_TRUE(outcome->due_date.has_value());
  EXPECT_EQ(*outcome->due_date, calendar_.AddWorkingDays(today_, 30));
  EXPECT_EQ(outcome->timeout_transition, "dialogue_lapsed");
  // The audit event continues the chain.
  EXPECT_EQ(outcome->event.seq, 2u);
  EXPECT_EQ(outcome->event.prev_hash, chain_head_);
  EXPECT_EQ(outcome->event.hash, ComputeEventHash(outcome->event));
  EXPECT_EQ(outcome->event.actor_role, "caseworker");
  // The free texts are kept aside; the chained payload holds their digest.
  ASSERT_TRUE(outcome->event.details_json.has_value());
  EXPECT_THAT(*outcome->event.details_json, HasSubstr(R"("reason":"because")"));
  EXPECT_THAT(outcome->event.payload_json, Not(HasSubstr("because")));
  EXPECT_THAT(outcome->event.payload_json,
              HasSubstr(R"("detailsDigest":")" + DetailsDigest(*outcome->event.details_json) + "\""));
}

TEST_F(TransitionTest, WalksAWrittenInvestigationToPublication) {
  Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  Take(Role::kCaseworker, "start_written_treatment",
       R"({"points": ["Sagsbehandlingstiden", "Manglende partshøring", "Tonen i brevet"]})");
  ASSERT_EQ(complaint_.points_size(), 3);
  EXPECT_EQ(complaint_.points(2).number(), 3u);
  Take(Role::kOmbudsman, "open_investigation",
       R"({"actuality": "high", "significance": "principled", "complexity": "medium",
           "citizen_gain": "a decision", "improvement_potential": "guidance for all cases",
           "selected_points": [1, 2]})");
  EXPECT_EQ(complaint_.state(), "hearing");
  EXPECT_EQ(complaint_.points(0).selection(), v1::ComplaintPoint::SELECTED);
  EXPECT_EQ(complaint_.points(2).selection(), v1::ComplaintPoint::NOT_SELECTED);
  EXPECT_FALSE(complaint_.facts().fields().contains("selected_points"));  // consumed, not a fact
  Take(Role::kDepartment, "record_department_answer", R"({"department_answer": "Vi beklager."})");
  Take(Role::kCaseworker, "assess_points",
       R"({"assessments": [{"number": 1, "outcome": "CRITICISM", "recommendation": "Svar inden 4 uger"},
                           {"number": 2, "outcome": "SERIOUS_CRITICISM"}]})");
  EXPECT_EQ(complaint_.state(), "ready_for_publication");
  EXPECT_EQ(complaint_.points(1).assessment().outcome(),
            v1::ComplaintPoint::Assessment::SERIOUS_CRITICISM);
  EXPECT_EQ(complaint_.points(0).assessment().recommendation(), "Svar inden 4 uger");
  // A recommendation was made: the case waits for the department's report
  // of how it followed it up, not closed.
  Take(Role::kOmbudsman, "await_follow_up",
       R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "Enkeltsag"})");
  EXPECT_EQ(complaint_.state(), "awaiting_follow_up");
  EXPECT_EQ(complaint_.version(), 7u);
}

TEST_F(TransitionTest, HearingNoticeNamesTheSelectedPoints) {
  Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Første", "Anden"]})");
  auto outcome = Fire(Role::kDeputy, "open_investigation",
                      R"({"actuality": "a", "significance": "b", "complexity": "c",
                          "citizen_gain": "d", "improvement_potential": "e", "selected_points": [2]})");
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  const DepartmentNotice* notice = nullptr;
  int letters = 0;
  for (const Effect& effect : outcome->effects) {
    if (const auto* each = std::get_if<DepartmentNotice>(&effect)) notice = each;
    if (std::holds_alternative<Letter>(effect)) ++letters;
  }
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(letters, 2) << "the hearing letter to the department, and word to the citizen";
  EXPECT_EQ(notice->department, "BUF");
  EXPECT_EQ(notice->notice, "hearing");
  const auto& points = notice->details.fields().at("points").list_value();
  ASSERT_EQ(points.values_size(), 1);
  EXPECT_EQ(points.values(0).struct_value().fields().at("text").string_value(), "Anden");
  EXPECT_EQ(points.values(0).struct_value().fields().at("number").number_value(), 2);
}

// The letters a step sends, as the case page lists them before anything is
// sent: read from the definition in the core, never matched by the page.
TEST_F(TransitionTest, LettersQueuedByNamesEachLetterAndItsRecipient) {
  const v1::Transition* open = FindTransition(ComplaintWorkflow(), "open_investigation");
  ASSERT_NE(open, nullptr);
  const auto letters = LettersQueuedBy(*open);
  ASSERT_EQ(letters.size(), 2u);
  EXPECT_EQ(letters[0].template_name, "investigation_opened");
  EXPECT_EQ(letters[0].recipient, "citizen");
  EXPECT_EQ(letters[1].template_name, "statement_request");  // v8: the statement and the case's documents
  EXPECT_EQ(letters[1].recipient, "department");
}

struct Refusal {
  std::string name;
  Role role;
  std::string transition;
  std::string input;
  ErrorCode code;
  std::string refused_by;  // expected guard, if any
  std::string says;        // a substring of the message
};

void PrintTo(const Refusal& refusal, std::ostream* os) { *os << refusal.name; }

class RefusalTest : public TransitionTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(RefusalTest, RefusesWithAReasonAndNoOutcome) {
  const Refusal& r = GetParam();
  auto outcome = Fire(r.role, r.transition, r.input);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code, r.code) << outcome.error().message;
  EXPECT_EQ(outcome.error().refused_by, r.refused_by);
  EXPECT_THAT(outcome.error().message + " " +
                  (outcome.error().field_violations.empty() ? "" : outcome.error().field_violations[0].field),
              HasSubstr(r.says));
}

INSTANTIATE_TEST_SUITE_P(
    EachKind, RefusalTest,
    ::testing::Values(
        Refusal{"UnknownTransition", Role::kCaseworker, "teleport", "{}", ErrorCode::kNotFound, "",
                "no transition 'teleport'"},
        Refusal{"WrongRole", Role::kDepartment, "guide_to_dialogue",
                R"({"department_has_answered": false})", ErrorCode::kPermissionDenied, "",
                "'department' may not fire"},
        Refusal{"CaseworkerCannotDecideInvestigations", Role::kCaseworker, "decline_investigation", "{}",
                ErrorCode::kPermissionDenied, "", "ombudsman, deputy may"},
        Refusal{"TimerOnly", Role::kOmbudsman, "dialogue_lapsed", "{}", ErrorCode::kPermissionDenied, "",
                "fired by the engine"},
        Refusal{"GuardNotMet", Role::kCaseworker, "guide_to_dialogue",
                R"({"department_has_answered": true})", ErrorCode::kFailedPrecondition,
                "department_has_not_answered", "already answered"},
        Refusal{"AssistedForwardingForCitizensWithHelp", Role::kCaseworker, "assisted_forwarding",
                R"({"department_has_answered": false, "cannot_manage_alone": true,
                    "has_other_help": true, "forwarded_to": "BUF"})",
                ErrorCode::kFailedPrecondition, "citizen_cannot_manage_alone", "other help"},
        Refusal{"ReferralBodyOutsideTheRegistry", Role::kCaseworker, "refer_elsewhere",
                R"({"referred_to": "the_pope", "referral_reason": "Vatikanet"})",
                ErrorCode::kInvalidArgument, "", "input.referred_to"},
        Refusal{"WrongState", Role::kCaseworker, "resolve_informally", R"({"resolution": "x"})",
                ErrorCode::kFailedPrecondition, "", "cannot be fired from state 'received'"},
        Refusal{"MissingInput", Role::kCaseworker, "guide_to_dialogue", "{}",
                ErrorCode::kInvalidArgument, "", "input.department_has_answered"},
        Refusal{"UnknownInput", Role::kCaseworker, "guide_to_dialogue",
                R"({"department_has_answered": false, "mood": "grumpy"})", ErrorCode::kInvalidArgument,
                "", "input.mood"}),
    [](const auto& test_info) { return test_info.param.name; });

// A value of the wrong type is the client's mistake, a 400 naming the input
// and what it must be; no guard gets to look at it.
struct TypeError {
  std::string name;
  std::string transition;
  std::string input;
  std::string field;
  std::string expected;  // a substring of the violation
};

void PrintTo(const TypeError& error, std::ostream* os) { *os << error.name; }

class InputTypeTest : public TransitionTest, public ::testing::WithParamInterface<TypeError> {};

TEST_P(InputTypeTest, IsA400NamingTheInputAndItsType) {
  const TypeError& e = GetParam();
  auto outcome = Fire(Role::kCaseworker, e.transition, e.input);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument) << outcome.error().message;
  EXPECT_EQ(outcome.error().refused_by, "");
  ASSERT_EQ(outcome.error().field_violations.size(), 1u) << outcome.error().message;
  EXPECT_EQ(outcome.error().field_violations[0].field, e.field);
  EXPECT_THAT(outcome.error().field_violations[0].description, HasSubstr(e.expected));
}

INSTANTIATE_TEST_SUITE_P(
    EachType, InputTypeTest,
    ::testing::Values(
        TypeError{"BoolAsString", "guide_to_dialogue", R"({"department_has_answered": "true"})",
                  "input.department_has_answered", "true or false (BOOL)"},
        TypeError{"BoolAsNumber", "guide_to_dialogue", R"({"department_has_answered": 0})",
                  "input.department_has_answered", "(BOOL)"},
        TypeError{"EnumOutsideItsChoices", "refer_elsewhere",
                  R"({"referred_to": "the_pope", "referral_reason": "Vatikanet"})", "input.referred_to",
                  "one of folketingets_ombudsmand, ankestyrelsen"},
        TypeError{"TextAsList", "refer_elsewhere",
                  R"({"referred_to": "ankestyrelsen", "referral_reason": ["Klageinstans"]})",
                  "input.referral_reason", "(TEXT)"},
        TypeError{"TextOverItsLength", "refer_elsewhere",
                  R"({"referred_to": "ankestyrelsen", "referral_reason": ")" + std::string(2001, 'x') + R"("})",
                  "input.referral_reason", "at most 2000 characters (TEXT)"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST_F(TransitionTest, ListsPointsAndAssessmentsAreCheckedForShapeBeforeAnyRule) {
  Take(Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  for (const char* points : {R"({"points": ["Én", 2]})", R"({"points": []})", R"({"points": "Én"})"}) {
    auto outcome = Fire(Role::kCaseworker, "start_written_treatment", points);
    ASSERT_FALSE(outcome.has_value()) << points;
    ASSERT_EQ(outcome.error().field_violations.size(), 1u) << points;
    EXPECT_EQ(outcome.error().field_violations[0].field, "input.points");
    EXPECT_THAT(outcome.error().field_violations[0].description, HasSubstr("(TEXT_LIST)"));
  }
  Take(Role::kCaseworker, "start_written_treatment", R"({"points": ["Første", "Anden"]})");
  const std::string criteria = R"("actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d",
                                  "improvement_potential": "e", )";
  for (const char* selected : {R"([1, 1])", R"([0])", R"([1.5])", R"(["1"])", R"([])"}) {
    auto outcome = Fire(Role::kOmbudsman, "open_investigation",
                        "{" + criteria + R"("selected_points": )" + selected + "}");
    ASSERT_FALSE(outcome.has_value()) << selected;
    ASSERT_EQ(outcome.error().field_violations.size(), 1u) << selected << outcome.error().message;
    EXPECT_EQ(outcome.error().field_violations[0].field, "input.selected_points");
    EXPECT_THAT(outcome.error().field_violations[0].description, HasSubstr("(POINT_LIST)"));
  }
}

TEST_F(TransitionTest, TheListingGivesEachInputsTypeLabelsHelpAndWhetherItIsRequired) {
  const Actor caseworker{Role::kCaseworker, "", "Anne", "t1"};
  auto listed = ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), caseworker);
  const v1::AvailableTransition* refer = nullptr;
  for (const auto& available : listed.transitions()) {
    if (available.name() == "refer_elsewhere") refer = &available;
  }
  ASSERT_NE(refer, nullptr);
  ASSERT_EQ(refer->input_fields_size(), 2);
  const v1::InputField& body = refer->input_fields(0);
  EXPECT_EQ(body.name(), "referred_to");
  EXPECT_EQ(body.type(), v1::InputField::ENUM);
  EXPECT_TRUE(body.required());
  EXPECT_EQ(body.label().da(), "Henvist til");
  EXPECT_EQ(body.label().en(), "Referred to");
  EXPECT_FALSE(body.help().da().empty());
  EXPECT_FALSE(body.help().en().empty());
  // Its choices are the referral registry's bodies, each labelled.
  ASSERT_GT(body.choices_size(), 3);
  EXPECT_EQ(body.choices(0).value(), "folketingets_ombudsmand");
  EXPECT_FALSE(body.choices(0).label().da().empty());
  EXPECT_EQ(refer->input_fields(1).type(), v1::InputField::TEXT);
  EXPECT_EQ(refer->input_fields(1).max_length(), 2000u);
}

TEST_F(TransitionTest, RefusesAStaleVersion) {
  auto outcome = Fire(Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})", 7);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code, ErrorCode::kAborted);
}

TEST_F(TransitionTest, DepartmentsActOnlyOnTheirOwnCases) {
  ToHearing();
  department_ = "SOF";
  auto outcome = Fire(Role::kDepartment, "record_department_answer", R"({"department_answer": "x"})");
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(TransitionTest, ListsWhatTheCallerMayAndMayNotFireWithReasons) {
  Actor caseworker{Role::kCaseworker, "", "Anne", "t1"};
  auto listed = ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), caseworker);
  EXPECT_EQ(listed.state(), "received");
  std::map<std::string, v1::AvailableTransition> by_name;
  for (const auto& t : listed.transitions()) by_name[t.name()] = t;
  EXPECT_EQ(by_name.size(), 5u);  // refer, guide, assist, consider, withdraw
  EXPECT_TRUE(by_name.at("guide_to_dialogue").allowed());  // its guard reads its own input
  EXPECT_THAT(std::vector<std::string>(by_name.at("guide_to_dialogue").input().begin(),
                                       by_name.at("guide_to_dialogue").input().end()),
              ::testing::ElementsAre("department_has_answered"));
  EXPECT_TRUE(by_name.at("withdraw").allowed());

  Actor department{Role::kDepartment, "BUF", "BUF", "t2"};
  auto for_department = ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), department);
  for (const auto& t : for_department.transitions()) {
    EXPECT_FALSE(t.allowed()) << t.name();
    EXPECT_THAT(t.refusal(), HasSubstr("may not fire"));
  }
}

TEST_F(TransitionTest, TheListingSaysWhichAnswerOfAYesOrNoInputEachStepNeeds) {
  Actor caseworker{Role::kCaseworker, "", "Anne", "t1"};
  auto listed = ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), caseworker);
  std::map<std::string, std::vector<std::pair<std::string, bool>>> deciding;
  for (const auto& t : listed.transitions()) {
    for (const auto& input : t.deciding_inputs()) {
      deciding[t.name()].emplace_back(input.name(), input.passes_with().bool_value());
    }
  }
  using Answer = std::pair<std::string, bool>;
  EXPECT_THAT(deciding["guide_to_dialogue"], ::testing::ElementsAre(Answer{"department_has_answered", false}));
  EXPECT_THAT(deciding["consider_solutions"], ::testing::ElementsAre(Answer{"department_has_answered", true}));
  // Steps without a yes-or-no guard decide nothing.
  EXPECT_TRUE(deciding["refer_elsewhere"].empty());
  EXPECT_TRUE(deciding["withdraw"].empty());
  // A guard reading two inputs decides on neither alone.
  EXPECT_THAT(deciding["assisted_forwarding"], ::testing::ElementsAre(Answer{"department_has_answered", false}));

  // Nothing for a step the caller may not take: a department is told no
  // answer of the office's steps.
  Actor department{Role::kDepartment, "BUF", "BUF", "t2"};
  const auto for_department =
      ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), department);
  ASSERT_GT(for_department.transitions_size(), 0);
  for (const auto& t : for_department.transitions()) EXPECT_EQ(t.deciding_inputs_size(), 0) << t.name();
}

TEST_F(TransitionTest, AGuardThatAlsoReadsTheCaseDecidesNothingSoItsAnswerTellsNothing) {
  // The interpreter's guard lets only "booked" through for this citizen,
  // who needs an interpreter: saying so would tell what the case holds.
  ASSERT_TRUE(complaint_.complainant().needs_interpreter());
  const v1::WorkflowDefinition newest = ShippedComplaintWorkflow(7);
  complaint_.set_workflow_version(7);
  complaint_.set_state("considering_solutions");
  Actor caseworker{Role::kCaseworker, "", "Anne", "t1"};
  auto listed = ListTransitions(CaseView{complaint_, newest, chain_head_}, Context(), caseworker);
  bool found = false;
  for (const auto& t : listed.transitions()) {
    if (t.name() != "record_contact") continue;
    found = true;
    EXPECT_EQ(t.deciding_inputs_size(), 0);
  }
  EXPECT_TRUE(found);
}

TEST_F(TransitionTest, ListingNamesAGuardThatRefusesOnRecordedFacts) {
  ToHearing();
  Take(Role::kCaseworker, "record_department_answer", R"({"department_answer": "x"})");
  Actor caseworker{Role::kCaseworker, "", "Anne", "t1"};
  auto listed = ListTransitions(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context(), caseworker);
  // assess_points's guard reads the input 'assessments': deferred, so allowed.
  for (const auto& t : listed.transitions()) {
    if (t.name() == "assess_points") {
      EXPECT_TRUE(t.allowed()) << t.refusal();
    }
  }
}

TEST_F(TransitionTest, TimeoutFiresTheStatesTimerTransitionAsTheEngine) {
  ToHearing();
  auto outcome = EvaluateTimeout(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context());
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->after.state(), "hearing_reminded");
  EXPECT_EQ(outcome->event.actor_role, "system");
  EXPECT_EQ(outcome->event.actor, "system:" + std::string(kTimerActor));
  const DepartmentNotice* reminder = nullptr;
  for (const Effect& effect : outcome->effects) {
    if (const auto* each = std::get_if<DepartmentNotice>(&effect)) reminder = each;
  }
  ASSERT_NE(reminder, nullptr);
  EXPECT_EQ(reminder->notice, "hearing_reminder");
  EXPECT_EQ(outcome->timeout_transition, "escalate_hearing");
}

// The engine fires timers as itself, a role no token has: not as an
// administrator, whom a rule might let through.
TEST(TimerActor, IsTheSystemRoleWithNoPermissions) {
  RuleRegistry rules = testing::StandardRules();
  Role seen = Role::kCaseworker;
  GuardSpec records_the_role;
  records_the_role.check = [&seen](const RuleContext& context) -> ombudsflow::Refusal {
    seen = context.actor.role;
    return std::nullopt;
  };
  records_the_role.description = "records who acts";
  rules.AddGuard("records_the_role", std::move(records_the_role));
  auto workflow = ParseWorkflowDefinition(
      {"timed.textproto", R"(name: "timed" version: 1 initial_state: "a"
           state { name: "a" deadline { calendar_days: 1 on_timeout: "lapse" } } state { name: "b" terminal: true }
           transition { name: "lapse" from: "a" to: "b" timer: true guard { name: "records_the_role" } })"},
      rules, testing::ShippedInputs());
  ASSERT_TRUE(workflow.has_value()) << workflow.error().message;
  v1::Complaint complaint;
  complaint.set_id("c0ffee00-0000-4000-8000-000000000001");
  complaint.set_state("a");
  complaint.set_version(1);
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  auto outcome = EvaluateTimeout(CaseView{complaint, *workflow, std::string(64, 'a')},
                                 EngineContext{rules, calendar, FromUnixMicros(0), Date{}});
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(seen, Role::kSystem);
  EXPECT_EQ(outcome->event.actor_role, "system");
}

TEST_F(TransitionTest, TimeoutWithoutADeadlineIsRefused) {
  auto outcome = EvaluateTimeout(CaseView{complaint_, ComplaintWorkflow(), chain_head_}, Context());
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(TransitionTest, ARefusedTransitionLeavesTheCaseUntouched) {
  const std::string before = complaint_.SerializeAsString();
  ASSERT_FALSE(Fire(Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": true})").has_value());
  EXPECT_EQ(complaint_.SerializeAsString(), before);
}

}  // namespace
}  // namespace ombudsflow


namespace ombudsflow {
namespace {

TEST(ParseStateMap, ReadsPairsAndRefusesGarbage) {
  auto map = ParseStateMap(" a=b , c=d ");
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->at("a"), "b");
  EXPECT_EQ(map->at("c"), "d");
  EXPECT_TRUE(ParseStateMap("").value().empty());
  EXPECT_FALSE(ParseStateMap("a").has_value());
  EXPECT_FALSE(ParseStateMap("=b").has_value());
  EXPECT_FALSE(ParseStateMap("a=b,a=c").has_value());
}

TEST(PlanWorkflowMigration, MapsRunningStatesByNameOrExplicitly) {
  // Version 1 to a copy of it: running states are mapped by name.
  v1::WorkflowDefinition v1 = ShippedComplaintWorkflow(1);
  v1::WorkflowDefinition v2 = v1;
  v2.set_version(2);
  v2.mutable_state(2)->set_name("in_dialogue");  // awaiting_dialogue renamed
  auto missing = PlanWorkflowMigration(v1, v2, {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error().message, HasSubstr("'awaiting_dialogue' of version 1 has no counterpart"));

  auto plan = PlanWorkflowMigration(v1, v2, {{"awaiting_dialogue", "in_dialogue"}});
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ(plan->at("awaiting_dialogue"), "in_dialogue");
  EXPECT_EQ(plan->at("received"), "received");
  EXPECT_FALSE(plan->contains("closed"));  // terminal: not moved
}

}  // namespace
}  // namespace ombudsflow
