#pragma once

#include <array>
#include <string>
#include <string_view>

namespace ombudsflow {

/// What Min sag tells a citizen of where their case is: a few stages in
/// plain words, each state of a workflow mapped to one by its labels file
/// (NamedLabel.citizen_stage). The citizens' message files give each its
/// words, as "stage_<name>" and "stage_<name>_text".
/// The "report_" stages are a whistleblower's (workflows/whistleblower).
inline constexpr std::array<std::string_view, 16> kCitizenStages = {
    "received",        "referred_elsewhere",  "dialogue",        "passed_on",    "in_progress", "hearing",
    "your_comments",   "assessing",           "concluding",      "follow_up",    "finished",    "withdrawn",
    "report_received", "report_acknowledged", "report_answered", "report_closed"};

[[nodiscard]] constexpr bool IsCitizenStage(std::string_view name) {
  for (std::string_view stage : kCitizenStages) {
    if (stage == name) return true;
  }
  return false;
}

/// The stages' names, for an error message: "received, referred, ...".
[[nodiscard]] inline std::string CitizenStageNames() {
  std::string names;
  for (std::string_view stage : kCitizenStages) names += (names.empty() ? "" : ", ") + std::string(stage);
  return names;
}

}  // namespace ombudsflow
