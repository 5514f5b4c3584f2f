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
  for (char c : text) {
    if (c == '"') {
      out += '\'';
    } else if (c != '\\') {  // a DOT escape; no label needs one
      out += c;
    }
  }
  return out;
}

// `text` (already Quoted) broken into lines of about `width` characters
// at spaces, with DOT's line break: long labels keep the drawing narrow.
std::string Wrapped(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  for (char c : text) {
    if (c == ' ' && line >= width) {
      out += "\\n";
      line = 0;
      continue;
    }
    out += c;
    // UTF-8 continuation bytes add no character.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++line;
  }
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

std::string DotDiagram(const v1::WorkflowDefinition& definition, const DiagramWords& words) {
  std::string out = "digraph \"" + definition.name() + "_v" + std::to_string(definition.version()) +
                    "\" {\n  rankdir=TB;\n  nodesep=0.3;\n  ranksep=0.45;\n"
                    "  node [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=12];\n"
                    "  edge [fontname=\"sans-serif\", fontsize=10];\n";
  out += "  \"__start\" [shape=point];\n  \"__start\" -> \"" + definition.initial_state() + "\";\n";
  for (const auto& state : definition.state()) {
    out += "  \"" + state.name() + "\" [label=\"" + Wrapped(Quoted(words.state(state.name())), 18) + "\"" +
           (state.terminal() ? ", peripheries=2" : "") + "];\n";
  }
  for (const auto& transition : definition.transition()) {
    const std::string label =
        words.transition(transition.name()) + (transition.timer() ? " (" + words.deadline + ")" : "");
    for (const auto& from : transition.from()) {
      out += "  \"" + from + "\" -> \"" + transition.to() + "\" [label=\"" + Wrapped(Quoted(label), 18) + "\"" +
             (transition.timer() ? ", style=dashed" : "") + "];\n";
    }
  }
  return out + "}\n";
}

}  // namespace ombudsflow
