#include "engine/core/workflow/diagram.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::WorkflowDefinition Small() {
  v1::WorkflowDefinition definition;
  google::protobuf::TextFormat::ParseFromString(R"(
    name: "w" version: 2 initial_state: "open"
    state { name: "open" description: "Waiting for \"answer\"" deadline { calendar_days: 3 on_timeout: "lapse" } }
    state { name: "done" terminal: true }
    transition { name: "close" from: "open" to: "done" roles: "caseworker" roles: "ombudsman" }
    transition { name: "lapse" from: "open" to: "done" timer: true })", &definition);
  return definition;
}

TEST(MermaidDiagram, DrawsStatesTransitionsRolesAndEnds) {
  const std::string mermaid = MermaidDiagram(Small());
  EXPECT_THAT(mermaid, HasSubstr("stateDiagram-v2\n"));
  EXPECT_THAT(mermaid, HasSubstr("[*] --> open"));
  EXPECT_THAT(mermaid, HasSubstr("open --> done : close [caseworker, ombudsman]"));
  EXPECT_THAT(mermaid, HasSubstr("open --> done : lapse (deadline)"));
  EXPECT_THAT(mermaid, HasSubstr("done --> [*]"));
  EXPECT_THAT(mermaid, HasSubstr("open : Waiting for 'answer'"));
}

TEST(DotDiagram, IsADigraphWithDashedTimers) {
  const std::string dot = DotDiagram(Small());
  EXPECT_THAT(dot, HasSubstr("digraph \"w_v2\" {"));
  EXPECT_THAT(dot, HasSubstr("\"open\" -> \"done\" [label=\"close [caseworker, ombudsman]\"];"));
  EXPECT_THAT(dot, HasSubstr("\"open\" -> \"done\" [label=\"lapse (deadline)\", style=dashed];"));
  EXPECT_THAT(dot, HasSubstr("\"done\" [tooltip=\"\", peripheries=2];"));
  EXPECT_EQ(dot.back(), '\n');
}

TEST(DotDiagram, ForPeopleIsTopToBottomInTheirWordsWithoutRolesAndWrapsLongLabels) {
  const DiagramWords words{
      .state = [](const std::string& state) { return state == "open" ? "Åben og venter på et svar" : "Afsluttet"; },
      .transition = [](const std::string& transition) { return transition == "close" ? "Luk" : "Fristen \"udløb\""; },
      .deadline = "frist",
  };
  const std::string dot = DotDiagram(Small(), words);
  EXPECT_THAT(dot, HasSubstr("rankdir=TB;"));
  // 18 characters, then a line break at the next space (å is one character).
  EXPECT_THAT(dot, HasSubstr("\"open\" [label=\"Åben og venter på et\\nsvar\"];"));
  EXPECT_THAT(dot, HasSubstr("\"done\" [label=\"Afsluttet\", peripheries=2];"));
  EXPECT_THAT(dot, HasSubstr("\"open\" -> \"done\" [label=\"Luk\"];"));
  EXPECT_THAT(dot, HasSubstr("\"open\" -> \"done\" [label=\"Fristen 'udløb' (frist)\", style=dashed];"));
  EXPECT_THAT(dot, Not(HasSubstr("caseworker")));
}

}  // namespace
}  // namespace ombudsflow
