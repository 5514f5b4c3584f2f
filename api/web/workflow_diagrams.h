#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "api/web/workplace.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::api::web {

/// Each workflow definition drawn as SVG by Graphviz `dot` (Debian's
/// graphviz), once per server and language, when its page is first asked
/// for: drawing all of them as the server started took 42 processes and
/// some 5 s, which every start and every step of a rolling upgrade waited
/// for. A definition does not change while the server runs.
class WorkflowDiagrams {
 public:
  /// Draws with the `dot` program, with the workplace's labels.
  explicit WorkflowDiagrams(const Workplace& workplace, std::string dot = "dot");

  /// The inline <svg> element for `definition` in `language`, drawn now if
  /// it was not before; null when it cannot be drawn (logged once; its page
  /// says so). Thread-safe; the string stays valid while this object lives.
  [[nodiscard]] const std::string* Svg(const v1::WorkflowDefinition& definition, Language language) const;

 private:
  const Workplace& workplace_;
  std::string dot_;
  mutable std::mutex mutex_;  // held while drawing: one dot at a time, one temporary file
  mutable std::map<std::tuple<std::string, std::uint32_t, Language>, std::optional<std::string>, std::less<>> svgs_;
};

}  // namespace ombudsflow::api::web
