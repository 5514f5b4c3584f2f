#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/workflow/rule_registry.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow::v1 {
class PublicContactList;
}  // namespace ombudsflow::v1

namespace ombudsflow {

/// A workflow definition file's name and text, as read from disk by the caller.
struct WorkflowSource {
  std::string file_name;
  std::string text;
};

/// Parses the referral registry (workflows/referrals.textproto) and checks
/// every body (ReferralBodyProblem) and that no id is listed twice.
/// Problems as "file:line: problem", one per line.
[[nodiscard]] Result<v1::ReferralRegistry> ParseReferralRegistry(const WorkflowSource& source);

/// Parses the shared vocabulary of inputs (workflows/inputs.textproto) and
/// checks every declaration: a type, lengths for texts, choices for enums,
/// label and help in Danish and English, no name twice. An input with
/// `choices_from: "referrals"` gets the bodies of `referrals` as its
/// choices, one with `choices_from: "themes"` the themes of `themes`.
/// Problems as "file:line: problem", one per line.
[[nodiscard]] Result<v1::InputVocabulary> ParseInputVocabulary(
    const WorkflowSource& source, const v1::ReferralRegistry& referrals,
    const v1::ThemeVocabulary& themes = v1::ThemeVocabulary::default_instance());

/// Parses the office's KlarRet themes (workflows/themes.textproto): each
/// id lower-case letters, digits and underscores, listed once, with a
/// label in Danish and English.
[[nodiscard]] Result<v1::ThemeVocabulary> ParseThemeVocabulary(const WorkflowSource& source);

/// Parses the office's part of KLE (workflows/kle.textproto): main groups
/// of two digits, subjects "NN.NN.NN" each under a listed main group, the
/// complaint facet a capital letter and two digits ("K01"); every number
/// with a title, none listed twice.
[[nodiscard]] Result<v1::KleVocabulary> ParseKleVocabulary(const WorkflowSource& source);

/// Parses the organisation's own contact points
/// (workflows/public_contacts.textproto): each with a name, and a valid
/// e-mail address, a phone number or both.
[[nodiscard]] Result<v1::PublicContactList> ParsePublicContacts(const WorkflowSource& source);

/// Parses one text-format definition and checks it on its own: unknown
/// states, roles, guards or actions, missing guard or action arguments,
/// deadlines without a timer transition, unreachable states and non-terminal
/// dead ends, inputs declared neither in the definition nor in
/// `vocabulary`. Fills each transition's `input_field` with its inputs'
/// schema. On failure the error's message lists every problem found, one
/// per line, each as "file:line: problem".
[[nodiscard]] Result<v1::WorkflowDefinition> ParseWorkflowDefinition(
    const WorkflowSource& source, const RuleRegistry& rules, const v1::InputVocabulary& vocabulary);

/// Every loaded workflow version, immutable once built; shared read-only by
/// all request threads.
class WorkflowCatalog {
 public:
  /// Parses and checks all sources, then checks them against each other (one
  /// file per name and version). Reports the problems of all files at once.
  [[nodiscard]] static Result<WorkflowCatalog> Build(const std::vector<WorkflowSource>& sources,
                                                     const RuleRegistry& rules,
                                                     const v1::InputVocabulary& vocabulary);

  /// Every loaded definition, by name then version.
  [[nodiscard]] std::vector<const v1::WorkflowDefinition*> All() const;

  /// The newest version of `name`, or nullptr when no such workflow is loaded.
  [[nodiscard]] const v1::WorkflowDefinition* Newest(std::string_view name) const;
  [[nodiscard]] const v1::WorkflowDefinition* Find(std::string_view name,
                                                   std::uint32_t version) const;
  [[nodiscard]] std::size_t size() const { return definitions_.size(); }

 private:
  std::map<std::pair<std::string, std::uint32_t>, v1::WorkflowDefinition, std::less<>>
      definitions_;
};

}  // namespace ombudsflow
