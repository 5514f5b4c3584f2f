#pragma once

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The names the definitions give each meaning (v1::StepMeaning,
/// v1::StateMeaning), per workflow, across all its loaded versions. The
/// reports and the pages ask by meaning; only the definitions know names,
/// so a version that renames a step keeps its figures and its buttons.
class WorkflowMeanings {
 public:
  WorkflowMeanings() = default;
  explicit WorkflowMeanings(const std::vector<const v1::WorkflowDefinition*>& definitions);

  /// Whether a transition so named in some version of `workflow` means `meaning`.
  [[nodiscard]] bool StepIs(std::string_view workflow, std::string_view transition, v1::StepMeaning meaning) const;
  /// Whether a state so named in some version of `workflow` means `meaning`.
  [[nodiscard]] bool StateIs(std::string_view workflow, std::string_view state, v1::StateMeaning meaning) const;

 private:
  std::set<std::tuple<std::string, std::string, int>, std::less<>> steps_;
  std::set<std::tuple<std::string, std::string, int>, std::less<>> states_;
};

/// The transition of `definition` that means `meaning`, or nullptr.
[[nodiscard]] const v1::Transition* StepWithMeaning(const v1::WorkflowDefinition& definition, v1::StepMeaning meaning);

}  // namespace ombudsflow
