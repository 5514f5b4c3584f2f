// The workflow-definition loader: any text as a definition file must be
// loaded or refused with file:line problems, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace {

std::string ShippedFile(const std::string& name) {
  std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

const ombudsflow::v1::ReferralRegistry& Referrals() {
  static const ombudsflow::v1::ReferralRegistry referrals = [] {
    auto parsed = ombudsflow::ParseReferralRegistry({"workflows/referrals.textproto", ShippedFile("referrals.textproto")});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return referrals;
}

const ombudsflow::v1::ThemeVocabulary& Themes() {
  static const ombudsflow::v1::ThemeVocabulary themes = [] {
    auto parsed = ombudsflow::ParseThemeVocabulary({"workflows/themes.textproto", ShippedFile("themes.textproto")});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return themes;
}

const ombudsflow::v1::InputVocabulary& Vocabulary() {
  static const ombudsflow::v1::InputVocabulary vocabulary = [] {
    auto parsed = ombudsflow::ParseInputVocabulary({"workflows/inputs.textproto", ShippedFile("inputs.textproto")},
                                                   Referrals(), Themes());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return *parsed;
  }();
  return vocabulary;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ombudsflow::RuleRegistry rules = ombudsflow::StandardRules(Referrals());
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)ombudsflow::ParseWorkflowDefinition({"fuzz.textproto", text}, rules, Vocabulary());
  return 0;
}
