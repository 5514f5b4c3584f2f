#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "api/web/workplace.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::api::web {

/// Each workflow definition drawn as SVG by Graphviz `dot` (Debian's
/// graphviz), once, when the server starts: the definitions do not change
/// while it runs, and no request waits for a process.
class WorkflowDiagrams {
 public:
  /// Draws every definition in `catalog` with the `dot` program, in each
  /// of the workplace's languages, with its labels; one that cannot be
  /// drawn is left out (and logged), its page says so.
  [[nodiscard]] static WorkflowDiagrams Draw(const WorkflowCatalog& catalog, const Workplace& workplace,
                                             const std::string& dot = "dot");

  /// The inline <svg> element for (workflow, version) in `language`, or null.
  [[nodiscard]] const std::string* Svg(std::string_view workflow, std::uint32_t version, Language language) const;

 private:
  std::map<std::tuple<std::string, std::uint32_t, Language>, std::string, std::less<>> svgs_;
};

}  // namespace ombudsflow::api::web
