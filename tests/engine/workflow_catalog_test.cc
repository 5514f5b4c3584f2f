#include "engine/workflow_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

const RuleRegistry& Rules() {
  static const RuleRegistry kRules = RuleRegistry::Standard();
  return kRules;
}

constexpr std::string_view kValid = R"(name: "complaint"
version: 1
initial_state: "received"
state { name: "received" description: "Registered" }
state { name: "closed" terminal: true }
transition { name: "close" from: "received" to: "closed" roles: "caseworker" }
)";

TEST(ParseWorkflowDefinition, ReadsAValidDefinition) {
  auto definition = ParseWorkflowDefinition({"workflows/complaint/v1.textproto", std::string(kValid)}, Rules());
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
  auto definition = ParseWorkflowDefinition({"w/bad.textproto", GetParam().text}, Rules());
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
  auto catalog = WorkflowCatalog::Build({{"v1.textproto", std::string(kValid)}, {"v2.textproto", v2}}, Rules());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  ASSERT_NE(catalog->Newest("complaint"), nullptr);
  EXPECT_EQ(catalog->Newest("complaint")->version(), 2u);
  EXPECT_NE(catalog->Find("complaint", 1), nullptr);
  EXPECT_EQ(catalog->Find("complaint", 3), nullptr);
  EXPECT_EQ(catalog->Newest("own_initiative"), nullptr);
}

TEST(WorkflowCatalog, RefusesTheSameVersionTwiceNamingBothFiles) {
  auto catalog = WorkflowCatalog::Build({{"a.textproto", std::string(kValid)},
                                         {"b.textproto", std::string(kValid)}}, Rules());
  ASSERT_FALSE(catalog.has_value());
  EXPECT_THAT(catalog.error().message,
              HasSubstr("b.textproto:1: workflow 'complaint' version 1 is already defined in "
                        "a.textproto"));
}

TEST(WorkflowCatalog, ReportsProblemsOfEveryFile) {
  auto catalog = WorkflowCatalog::Build({{"a.textproto", "version: 0"}, {"b.textproto", "bogus"}}, Rules());
  ASSERT_FALSE(catalog.has_value());
  EXPECT_THAT(catalog.error().message, HasSubstr("a.textproto:"));
  EXPECT_THAT(catalog.error().message, HasSubstr("b.textproto:"));
}

}  // namespace
}  // namespace ombudsflow
