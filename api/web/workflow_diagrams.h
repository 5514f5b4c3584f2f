#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::api::web {

/// Each workflow definition drawn as SVG by Graphviz `dot` (Debian's
/// graphviz), once, when the server starts: the definitions do not change
/// while it runs, and no request waits for a process.
class WorkflowDiagrams {
 public:
  /// Draws every definition in `catalog` with the `dot` program; one that
  /// cannot be drawn is left out (and logged), its page says so.
  [[nodiscard]] static WorkflowDiagrams Draw(const WorkflowCatalog& catalog, const std::string& dot = "dot");

  /// The inline <svg> element for (workflow, version), or null.
  [[nodiscard]] const std::string* Svg(std::string_view workflow, std::uint32_t version) const;

 private:
  std::map<std::pair<std::string, std::uint32_t>, std::string, std::less<>> svgs_;
};

}  // namespace ombudsflow::api::web
