#include "engine/core/workflow/diagram.h"

namespace ombudsflow {
namespace {

std::string Label(const v1::Transition& transition) {
  if (transition.timer()) return transition.name() + " (deadline)";
  std::string roles;
  for (const auto& role : transition.roles()) roles += (roles.empty() ? "" : ", ") + role;
  return transition.name() + " [" + roles + "]";
}

// Mermaid and DOT labels live inside double quotes.
std::string Quoted(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '"' ? '\'' : c;
  return out;
}

}  // namespace

std::string MermaidDiagram(const v1::WorkflowDefinition& definition) {
  std::string out = "stateDiagram-v2\n";
  out += "  [*] --> " + definition.initial_state() + "\n";
  for (const auto& state : definition.state()) {
    if (!state.description().empty()) {
      out += "  " + state.name() + " : " + Quoted(state.description()) + "\n";
    }
  }
  for (const auto& transition : definition.transition()) {
    for (const auto& from : transition.from()) {
      out += "  " + from + " --> " + transition.to() + " : " + Quoted(Label(transition)) + "\n";
    }
  }
  for (const auto& state : definition.state()) {
    if (state.terminal()) out += "  " + state.name() + " --> [*]\n";
  }
  return out;
}

std::string DotDiagram(const v1::WorkflowDefinition& definition) {
  std::string out = "digraph \"" + definition.name() + "_v" + std::to_string(definition.version()) +
                    "\" {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  out += "  \"__start\" [shape=point];\n  \"__start\" -> \"" + definition.initial_state() + "\";\n";
  for (const auto& state : definition.state()) {
    out += "  \"" + state.name() + "\" [tooltip=\"" + Quoted(state.description()) + "\"" +
           (state.terminal() ? ", peripheries=2" : "") + "];\n";
  }
  for (const auto& transition : definition.transition()) {
    for (const auto& from : transition.from()) {
      out += "  \"" + from + "\" -> \"" + transition.to() + "\" [label=\"" + Quoted(Label(transition)) +
             "\"" + (transition.timer() ? ", style=dashed" : "") + "];\n";
    }
  }
  return out + "}\n";
}

}  // namespace ombudsflow
