#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

const RuleRegistry& Rules() { return testing::StandardRules(); }

constexpr std::string_view kValid = R"(name: "complaint"
version: 1
initial_state: "received"
state { name: "received" description: "Registered" }
state { name: "closed" terminal: true }
transition { name: "close" from: "received" to: "closed" roles: "caseworker" }
)";

TEST(ParseWorkflowDefinition, ReadsAValidDefinition) {
  auto definition = ParseWorkflowDefinition({"workflows/complaint/v1.textproto", std::string(kValid)}, Rules(), testing::ShippedInputs());
  ASSERT_TRUE(definition.has_value()) << definition.error().message;
  EXPECT_EQ(definition->name(), "complaint");
  EXPECT_EQ(definition->state_size(), 2);
}

struct BrokenCase {
  std::string name;
  std::string text;
  std::string expected;  // "file:line: ..." substring
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

class BrokenDefinitionTest : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenDefinitionTest, NamesFileLineAndProblem) {
  auto definition = ParseWorkflowDefinition({"w/bad.textproto", GetParam().text}, Rules(), testing::ShippedInputs());
  ASSERT_FALSE(definition.has_value());
  EXPECT_THAT(definition.error().message, HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    EachDefect, BrokenDefinitionTest,
    ::testing::Values(
        BrokenCase{"SyntaxError", "name: \"complaint\"\nversion: 1\nstate { name: \"a\" \n",
                   "w/bad.textproto:4:"},
        BrokenCase{"UnknownField", "name: \"complaint\"\nversion: 1\ncolour: \"red\"\n",
                   "w/bad.textproto:3: Message type \"ombudsflow.v1.WorkflowDefinition\" has no "
                   "field named \"colour\""},
        BrokenCase{"UnknownInitialState",
                   "name: \"complaint\"\nversion: 1\ninitial_state: \"nowhere\"\n"
                   "state { name: \"received\" }\n",
                   "w/bad.textproto:3: initial_state 'nowhere' is not a defined state"},
        BrokenCase{"DuplicateState",
                   "name: \"complaint\"\nversion: 1\ninitial_state: \"a\"\nstate { name: \"a\" }\n"
                   "state {\n  name: \"a\"\n}\n",
                   "w/bad.textproto:6: state 'a' is defined twice"},
        BrokenCase{"VersionZero",
                   "name: \"complaint\"\nversion: 0\ninitial_state: \"a\"\nstate { name: \"a\" }\n",
                   "w/bad.textproto:2: version must be 1 or higher"},
        BrokenCase{"BadName",
                   "name: \"Complaint Flow\"\nversion: 1\ninitial_state: \"a\"\nstate { name: \"a\" }\n",
                   "w/bad.textproto:1: workflow name 'Complaint Flow'"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(WorkflowCatalog, PicksTheNewestVersionAndKeepsOlderOnes) {
  std::string v2(kValid);
  v2.replace(v2.find("version: 1"), 10, "version: 2");
  auto catalog = WorkflowCatalog::Build({{"v1.textproto", std::string(kValid)}, {"v2.textproto", v2}}, Rules(), testing::ShippedInputs());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  ASSERT_NE(catalog->Newest("complaint"), nullptr);
  EXPECT_EQ(catalog->Newest("complaint")->version(), 2u);
  EXPECT_NE(catalog->Find("complaint", 1), nullptr);
  EXPECT_EQ(catalog->Find("complaint", 3), nullptr);
  EXPECT_EQ(catalog->Newest("own_initiative"), nullptr);
}

TEST(WorkflowCatalog, RefusesTheSameVersionTwiceNamingBothFiles) {
  auto catalog = WorkflowCatalog::Build({{"a.textproto", std::string(kValid)},
                                         {"b.textproto", std::string(kValid)}}, Rules(), testing::ShippedInputs());
  ASSERT_FALSE(catalog.has_value());
  EXPECT_THAT(catalog.error().message,
              HasSubstr("b.textproto:1: workflow 'complaint' version 1 is already defined in "
                        "a.textproto"));
}

TEST(WorkflowCatalog, ReportsProblemsOfEveryFile) {
  auto catalog = WorkflowCatalog::Build({{"a.textproto", "version: 0"}, {"b.textproto", "bogus"}}, Rules(), testing::ShippedInputs());
  ASSERT_FALSE(catalog.has_value());
  EXPECT_THAT(catalog.error().message, HasSubstr("a.textproto:"));
  EXPECT_THAT(catalog.error().message, HasSubstr("b.textproto:"));
}

}  // namespace
}  // namespace ombudsflow

namespace ombudsflow {
namespace {

// A minimal valid workflow to break one defect at a time.
std::string Base(const std::string& extra_states, const std::string& transitions) {
  return "name: \"w\"\nversion: 1\ninitial_state: \"open\"\n"
         "state { name: \"open\" }\n"
         "state { name: \"done\" terminal: true }\n" +
         extra_states + transitions;
}

const std::string kClose = "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\" }\n";

TEST(WorkflowValidation, AcceptsTheBase) {
  EXPECT_TRUE(ParseWorkflowDefinition({"w.textproto", Base("", kClose)}, Rules(), testing::ShippedInputs()).has_value());
}

struct Defect {
  std::string name;
  std::string text;
  std::string expected;
};

void PrintTo(const Defect& defect, std::ostream* os) { *os << defect.name; }

class WorkflowDefectTest : public ::testing::TestWithParam<Defect> {};

TEST_P(WorkflowDefectTest, IsRejectedWithFileLineAndProblem) {
  auto parsed = ParseWorkflowDefinition({"w.textproto", GetParam().text}, Rules(), testing::ShippedInputs());
  ASSERT_FALSE(parsed.has_value()) << GetParam().name;
  EXPECT_THAT(parsed.error().message, HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    EachDefect, WorkflowDefectTest,
    ::testing::Values(
        Defect{"UnknownTargetState", Base("", "transition { name: \"close\" from: \"open\"\n to: \"gone\" roles: \"caseworker\" }\n"),
               "w.textproto:7: transition 'close' enters unknown state 'gone'"},
        Defect{"UnknownSourceState", Base("", kClose + "transition {\n name: \"x\"\n from: \"nowhere\" to: \"done\" roles: \"caseworker\" }\n"),
               "w.textproto:9: transition 'x' leaves unknown state 'nowhere'"},
        Defect{"UnknownRole", Base("", "transition { name: \"close\" from: \"open\" to: \"done\"\n roles: \"mayor\" }\n"),
               "w.textproto:7: transition 'close' names unknown role 'mayor'"},
        Defect{"NoRole", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" }\n"),
               "w.textproto:6: transition 'close' names no role"},
        Defect{"UnknownGuard", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n guard { name: \"moon_is_full\" } }\n"),
               "w.textproto:7: transition 'close' uses unknown guard 'moon_is_full'"},
        Defect{"UnknownAction", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n action { name: \"send_fax\" } }\n"),
               "w.textproto:7: transition 'close' uses unknown action 'send_fax'"},
        Defect{"MissingGuardArgument", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n guard { name: \"field_set\" } }\n"),
               "w.textproto:7: guard 'field_set' needs the argument 'field'"},
        Defect{"UnreachableState", Base("state {\n name: \"limbo\" terminal: true }\n", kClose),
               "w.textproto:7: state 'limbo' is unreachable from 'open'"},
        Defect{"NonTerminalDeadEnd", Base("state {\n name: \"stuck\" }\n", kClose + "transition { name: \"park\" from: \"open\" to: \"stuck\" roles: \"caseworker\" }\n"),
               "w.textproto:7: state 'stuck' is not terminal but no transition leaves it"},
        Defect{"LeavesATerminalState", Base("", kClose + "transition { name: \"reopen\" from: \"done\" to: \"open\" roles: \"caseworker\" }\n"),
               "transition 'reopen' leaves terminal state 'done'"},
        Defect{"DeadlineWithoutTimer", Base("state { name: \"waiting\"\n deadline { working_days: 5 on_timeout: \"close\" } }\n",
                                            kClose + "transition { name: \"wait\" from: \"open\" to: \"waiting\" roles: \"caseworker\" }\n"
                                                     "transition { name: \"go\" from: \"waiting\" to: \"done\" roles: \"caseworker\" }\n"),
               "w.textproto:7: the deadline of 'waiting' must fire a timer transition leaving 'waiting'"},
        Defect{"TimerWithRoles", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" timer: true\n roles: \"caseworker\" }\n"),
               "w.textproto:7: timer transition 'close' is fired by the engine and takes no roles"},
        Defect{"DuplicateTransition", Base("", kClose + "transition {\n name: \"close\" from: \"open\" to: \"done\" roles: \"ombudsman\" }\n"),
               "w.textproto:8: transition 'close' is defined twice"},
        Defect{"InputOfNoDeclaredType", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n input: \"mood\" }\n"),
               "w.textproto:7: input 'mood' of transition 'close' has no declared type"},
        Defect{"InputNamedTwice", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n input: \"resolution\"\n optional_input: \"resolution\" }\n"),
               "w.textproto:8: transition 'close' names input 'resolution' twice"},
        Defect{"InputDeclaredWithoutType", Base("input_field {\n name: \"mood\" label { da: \"Humør\" en: \"Mood\" } help { da: \"h\" en: \"h\" } }\n", kClose),
               "w.textproto:6: the type of input 'mood' is missing"},
        Defect{"TextInputWithoutMaxLength", Base("input_field {\n name: \"mood\" type: TEXT label { da: \"Humør\" en: \"Mood\" } help { da: \"h\" en: \"h\" } }\n", kClose),
               "w.textproto:6: the texts of input 'mood' need a max_length"},
        Defect{"EnumWithoutChoices", Base("input_field {\n name: \"mood\" type: ENUM label { da: \"Humør\" en: \"Mood\" } help { da: \"h\" en: \"h\" } }\n", kClose),
               "w.textproto:6: input 'mood' needs its choices"},
        Defect{"InputWithoutEnglishHelp", Base("input_field {\n name: \"mood\" type: BOOL label { da: \"Humør\" en: \"Mood\" } help { da: \"h\" } }\n", kClose),
               "w.textproto:6: input 'mood' needs help text in da and en"},
        Defect{"InputDeclaredOnTheTransition", Base("", "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n input_field { name: \"x\" type: BOOL } }\n"),
               "w.textproto:7: transition 'close' declares input_field"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(WorkflowValidation, ADefinitionsOwnInputTakesPrecedenceOverTheVocabulary) {
  const std::string text = Base(
      "input_field { name: \"resolution\" type: ENUM label { da: \"Løsning\" en: \"Resolution\" }"
      " help { da: \"h\" en: \"h\" } choices { value: \"agreed\" label { da: \"Aftalt\" en: \"Agreed\" } } }\n",
      "transition { name: \"close\" from: \"open\" to: \"done\" roles: \"caseworker\"\n"
      " input: \"resolution\" optional_input: \"newsletter\" }\n");
  auto parsed = ParseWorkflowDefinition({"w.textproto", text}, Rules(), testing::ShippedInputs());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const auto& fields = parsed->transition(0).input_field();
  ASSERT_EQ(fields.size(), 2);
  EXPECT_EQ(fields[0].type(), v1::InputField::ENUM);  // the definition's own
  EXPECT_TRUE(fields[0].required());
  EXPECT_EQ(fields[1].type(), v1::InputField::BOOL);  // the vocabulary's
  EXPECT_FALSE(fields[1].required());
}

TEST(InputVocabulary, TheShippedOneIsValidAndABrokenOneIsRefusedWithFileAndLine) {
  EXPECT_GT(testing::ShippedInputs().input_field_size(), 0);
  auto broken = ParseInputVocabulary(
      {"workflows/inputs.textproto",
       "input_field { name: \"a\" type: BOOL label { da: \"A\" en: \"A\" } help { da: \"h\" en: \"h\" } }\n"
       "input_field {\n name: \"a\" type: BOOL label { da: \"A\" en: \"A\" } help { da: \"h\" en: \"h\" } }\n"
       "input_field { name: \"b\" type: BOOL required: true label { da: \"B\" en: \"B\" } help { da: \"h\" en: \"h\" } }\n"},
      testing::ShippedReferrals());
  ASSERT_FALSE(broken.has_value());
  EXPECT_THAT(broken.error().message, HasSubstr("workflows/inputs.textproto:2: input 'a' is declared twice"));
  EXPECT_THAT(broken.error().message, HasSubstr("workflows/inputs.textproto:4: 'required' of input 'b'"));
}

TEST(WorkflowValidation, TheShippedWorkflowsAreValid) {
  for (const char* file : {"complaint/v1.textproto", "complaint/v2.textproto", "own_initiative/v1.textproto",
                           "discrimination_hotline/v1.textproto"}) {
    std::ifstream in(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/" + file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParseWorkflowDefinition({file, text.str()}, Rules(), testing::ShippedInputs());
    EXPECT_TRUE(parsed.has_value()) << file << ": " << (parsed ? "" : parsed.error().message);
  }
}

}  // namespace
}  // namespace ombudsflow
