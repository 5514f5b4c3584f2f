#pragma once

#include <string>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// A Mermaid stateDiagram-v2 of the definition: states with their
/// descriptions, transitions labelled with name and roles, timer transitions
/// marked, terminal states leading to [*].
[[nodiscard]] std::string MermaidDiagram(const v1::WorkflowDefinition& definition);

/// The same as a Graphviz DOT digraph.
[[nodiscard]] std::string DotDiagram(const v1::WorkflowDefinition& definition);

}  // namespace ombudsflow
