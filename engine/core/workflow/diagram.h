#pragma once

#include <functional>
#include <string>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// A Mermaid stateDiagram-v2 of the definition: states with their
/// descriptions, transitions labelled with name and roles, timer transitions
/// marked, terminal states leading to [*].
[[nodiscard]] std::string MermaidDiagram(const v1::WorkflowDefinition& definition);

/// The same as a Graphviz DOT digraph.
[[nodiscard]] std::string DotDiagram(const v1::WorkflowDefinition& definition);

/// What a diagram for people calls things: states and transitions by
/// their labels, and the word a deadline's transition is marked with.
struct DiagramWords {
  std::function<std::string(const std::string&)> state;
  std::function<std::string(const std::string&)> transition;
  std::string deadline;
};

/// A DOT digraph for people: drawn top to bottom, so that it fits a page's
/// width, with states and transitions in `words` and no roles or ids.
[[nodiscard]] std::string DotDiagram(const v1::WorkflowDefinition& definition, const DiagramWords& words);

}  // namespace ombudsflow
