#include "api/web/workflow_diagrams.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/core/workflow/diagram.h"

namespace ombudsflow::api::web {
namespace {

// `dot` run on `source`; empty when it fails.
std::string RunDot(const std::string& dot, const std::string& source) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("ombudsflow-diagram-" + std::to_string(::getpid()) + ".dot");
  std::ofstream(file) << source;
  std::string svg;
  // The program is the operator's setting and the file our own: no text
  // from a request reaches this command line.
  FILE* pipe = popen(("'" + dot + "' -Tsvg '" + file.string() + "' 2>/dev/null").c_str(), "r");
  if (pipe != nullptr) {
    std::array<char, 8192> buffer{};
    while (std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe)) svg.append(buffer.data(), read);
    if (pclose(pipe) != 0) svg.clear();
  }
  std::filesystem::remove(file);
  return svg;
}


// `text` safe inside a double-quoted XML attribute.
std::string AttributeText(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// `svg` without what names things for developers: Graphviz writes each
// node's and edge's id as a <title> (a tooltip on hover) and a comment.
std::string WithoutTitles(std::string svg) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"<title>", "</title>"}, {"<!--", "-->"}}) {
    for (auto start = svg.find(open); start != std::string::npos; start = svg.find(open, start)) {
      const auto end = svg.find(close, start);
      if (end == std::string::npos) break;
      svg.erase(start, end + close.size() - start);
    }
  }
  return svg;
}

}  // namespace

WorkflowDiagrams::WorkflowDiagrams(const Workplace& workplace, std::string dot)
    : workplace_(workplace), dot_(std::move(dot)) {}

const std::string* WorkflowDiagrams::Svg(const v1::WorkflowDefinition& definition, Language language) const {
  const std::string& name = definition.name();
  std::lock_guard lock(mutex_);
  auto [drawn, first] = svgs_.try_emplace({name, definition.version(), language});
  if (!first) return drawn->second ? &*drawn->second : nullptr;
  const DiagramWords words{
      .state = [&](const std::string& state) { return workplace_.StateLabel(language, name, state); },
      .transition = [&](const std::string& transition) { return workplace_.TransitionLabel(language, name, transition); },
      .deadline = workplace_.Text(language, "workflow_diagram_deadline"),
  };
  std::string svg = RunDot(dot_, DotDiagram(definition, words));
  // Inline in the page: without the XML prolog and doctype, and named
  // for assistive technology (the tables beside it say the same in words).
  const auto start = svg.find("<svg");
  if (start == std::string::npos) {
    spdlog::warn("could not draw workflow {} v{} with {}", name, definition.version(), dot_);
    return nullptr;  // and not again: a page asked for often spawns no process each time
  }
  svg = WithoutTitles(svg.substr(start));
  const std::string title = workplace_.WorkflowLabel(language, name) + ", " +
                            workplace_.Text(language, "workflow_version_lower") + " " +
                            std::to_string(definition.version());
  svg.replace(0, 4, "<svg role=\"img\" aria-label=\"" + AttributeText(title) + "\" focusable=\"false\"");
  drawn->second = std::move(svg);
  return &*drawn->second;
}

}  // namespace ombudsflow::api::web
