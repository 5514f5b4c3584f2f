#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow::service {

/// Each workflow folder's labels for people (kLabelsFile): what its states
/// and transitions are called in Danish and English, and which workplace
/// queue a state's cases are in.
inline constexpr const char* kLabelsFile = "labels.textproto";

class WorkflowLabels {
 public:
  /// Reads `dir`/<workflow>/labels.textproto for every workflow in
  /// `catalog`. kInvalidArgument lists, as "file: message", every state or
  /// transition of any version without a Danish and an English label, and
  /// every unknown queue and every state without a citizen stage.
  [[nodiscard]] static Result<WorkflowLabels> Load(const std::filesystem::path& dir, const WorkflowCatalog& catalog);

  /// Null when there is none (a name no definition has).
  [[nodiscard]] const v1::NamedLabel* State(std::string_view workflow, std::string_view state) const;
  /// What Min sag tells the citizen of a case in `state` (a name of
  /// CitizenStages()); empty for a state no definition has.
  [[nodiscard]] std::string_view CitizenStage(std::string_view workflow, std::string_view state) const;
  [[nodiscard]] const v1::NamedLabel* Transition(std::string_view workflow, std::string_view transition) const;

  /// Every state, of any workflow, whose cases are in `queue`.
  [[nodiscard]] std::vector<std::string> StatesInQueue(std::string_view queue) const;

 private:
  using Key = std::pair<std::string, std::string>;  // (workflow, name)
  std::map<Key, v1::NamedLabel, std::less<>> states_, transitions_;
};

}  // namespace ombudsflow::service
