#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/meanings.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "ombudsflow/v1/contacts.pb.h"

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

/// The organisation's own contacts ombudsflow ships
/// (workflows/public_contacts.textproto), with the referral bodies', as
/// service::LoadPublicContacts gathers them.
inline const PublicContacts& ShippedPublicContacts() {
  static const PublicContacts kContacts = [] {
    auto parsed = ParsePublicContacts(
        {"workflows/public_contacts.textproto", ReadShippedWorkflowFile("public_contacts.textproto")});
    if (!parsed) throw std::runtime_error(parsed.error().message);
    PublicContacts known;
    for (const auto& body : ShippedReferrals().body()) known.Add(body.email(), body.phone());
    for (const auto& contact : parsed->contact()) known.Add(contact.email(), contact.phone());
    return known;
  }();
  return kContacts;
}

/// The guards and actions ombudsflow ships, built once for all tests.
inline const RuleRegistry& StandardRules() {
  static const RuleRegistry kRules = ombudsflow::StandardRules(ShippedReferrals(), ShippedPublicContacts());
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

/// Every workflow definition ombudsflow ships (workflows/<name>/v<N>.textproto),
/// parsed as the server parses them.
inline const std::vector<v1::WorkflowDefinition>& ShippedDefinitions() {
  static const std::vector<v1::WorkflowDefinition> kDefinitions = [] {
    std::vector<v1::WorkflowDefinition> definitions;
    const std::filesystem::path root(OMBUDSFLOW_WORKFLOWS_DIR);
    for (const auto& folder : std::filesystem::directory_iterator(root)) {
      if (!folder.is_directory()) continue;
      for (const auto& file : std::filesystem::directory_iterator(folder.path())) {
        const std::string name = file.path().filename().string();
        if (!name.starts_with("v") || !name.ends_with(".textproto")) continue;
        const std::string relative = folder.path().filename().string() + "/" + name;
        auto parsed = ParseWorkflowDefinition({relative, ReadShippedWorkflowFile(relative)}, StandardRules(),
                                              ShippedInputs());
        if (!parsed) throw std::runtime_error(parsed.error().message);
        definitions.push_back(std::move(*parsed));
      }
    }
    return definitions;
  }();
  return kDefinitions;
}

/// What the shipped definitions' steps and states mean.
inline const WorkflowMeanings& ShippedMeanings() {
  static const WorkflowMeanings kMeanings = [] {
    std::vector<const v1::WorkflowDefinition*> all;
    for (const auto& definition : ShippedDefinitions()) all.push_back(&definition);
    return WorkflowMeanings(all);
  }();
  return kMeanings;
}

}  // namespace ombudsflow::testing
