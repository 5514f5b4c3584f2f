#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::testing {

inline std::string ReadShippedWorkflowFile(const std::string& name) {
  std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw std::runtime_error("cannot read workflows/" + name);
  return text.str();
}

/// The referral registry ombudsflow ships (workflows/referrals.textproto).
inline const v1::ReferralRegistry& ShippedReferrals() {
  static const v1::ReferralRegistry kReferrals = [] {
    auto parsed = ParseReferralRegistry({"workflows/referrals.textproto", ReadShippedWorkflowFile("referrals.textproto")});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return kReferrals;
}

/// The KlarRet themes ombudsflow ships (workflows/themes.textproto).
inline const v1::ThemeVocabulary& ShippedThemes() {
  static const v1::ThemeVocabulary kThemes = [] {
    auto parsed = ParseThemeVocabulary({"workflows/themes.textproto", ReadShippedWorkflowFile("themes.textproto")});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return kThemes;
}

/// The guards and actions ombudsflow ships, built once for all tests.
inline const RuleRegistry& StandardRules() {
  static const RuleRegistry kRules = ombudsflow::StandardRules(ShippedReferrals());
  return kRules;
}

/// The input vocabulary ombudsflow ships (workflows/inputs.textproto).
inline const v1::InputVocabulary& ShippedInputs() {
  static const v1::InputVocabulary kInputs = [] {
    auto parsed = ParseInputVocabulary({"workflows/inputs.textproto", ReadShippedWorkflowFile("inputs.textproto")},
                                       ShippedReferrals(), ShippedThemes());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return kInputs;
}

}  // namespace ombudsflow::testing
