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

}  // namespace

WorkflowDiagrams WorkflowDiagrams::Draw(const WorkflowCatalog& catalog, const std::string& dot) {
  WorkflowDiagrams diagrams;
  for (const v1::WorkflowDefinition* definition : catalog.All()) {
    std::string svg = RunDot(dot, DotDiagram(*definition));
    // Inline in the page: without the XML prolog and doctype, and named
    // for assistive technology (the lists beside it say the same in words).
    const auto start = svg.find("<svg");
    if (start == std::string::npos) {
      spdlog::warn("could not draw workflow {} v{} with {}", definition->name(), definition->version(), dot);
      continue;
    }
    svg.erase(0, start);
    svg.replace(0, 4, "<svg role=\"img\" aria-label=\"" + definition->name() + " v" +
                          std::to_string(definition->version()) + "\" focusable=\"false\"");
    diagrams.svgs_[{definition->name(), definition->version()}] = std::move(svg);
  }
  return diagrams;
}

const std::string* WorkflowDiagrams::Svg(std::string_view workflow, std::uint32_t version) const {
  auto found = svgs_.find(std::pair<std::string, std::uint32_t>(std::string(workflow), version));
  return found == svgs_.end() ? nullptr : &found->second;
}

}  // namespace ombudsflow::api::web
