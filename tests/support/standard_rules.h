#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::testing {

/// The guards and actions ombudsflow ships, built once for all tests.
inline const RuleRegistry& StandardRules() {
  static const RuleRegistry kRules = ombudsflow::StandardRules();
  return kRules;
}

/// The input vocabulary ombudsflow ships (workflows/inputs.textproto).
inline const v1::InputVocabulary& ShippedInputs() {
  static const v1::InputVocabulary kInputs = [] {
    std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/inputs.textproto");
    std::stringstream text;
    text << file.rdbuf();
    auto parsed = ParseInputVocabulary({"workflows/inputs.textproto", text.str()});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return kInputs;
}

}  // namespace ombudsflow::testing
