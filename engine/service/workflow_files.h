#pragma once

#include <filesystem>

#include "engine/core/base/error.h"
#include "engine/core/rules/personal_data.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "ombudsflow/v1/contacts.pb.h"

namespace ombudsflow::service {

/// The shared input vocabulary, at the top of the workflows folder.
inline constexpr const char* kInputVocabularyFile = "inputs.textproto";
/// The bodies the office refers citizens to, at the top of the workflows folder.
inline constexpr const char* kReferralRegistryFile = "referrals.textproto";
inline constexpr const char* kThemeVocabularyFile = "themes.textproto";
inline constexpr const char* kPublicContactsFile = "public_contacts.textproto";
inline constexpr const char* kKleVocabularyFile = "kle.textproto";

/// Reads and checks `dir`/referrals.textproto; an empty registry when the
/// folder has none. kInvalidArgument names the file and line of every
/// problem, or says the file cannot be read.
[[nodiscard]] Result<v1::ReferralRegistry> LoadReferralRegistry(const std::filesystem::path& dir);

/// Reads the input vocabulary (its referral choices from `referrals`) and
/// every other *.textproto under `dir` (recursively, each a definition; the
/// labels and the referral registry aside) and builds the catalog.
/// kInvalidArgument lists every problem as "file:line: message", with file
/// names relative to `dir`'s parent so they read like "workflows/...".
[[nodiscard]] Result<WorkflowCatalog> LoadWorkflowDirectory(
    const std::filesystem::path& dir, const RuleRegistry& rules, const v1::ReferralRegistry& referrals,
    const v1::ThemeVocabulary& themes = v1::ThemeVocabulary::default_instance());

/// Reads and checks `dir`/themes.textproto; an empty vocabulary when the
/// folder has none.
[[nodiscard]] Result<v1::ThemeVocabulary> LoadThemeVocabulary(const std::filesystem::path& dir);

/// Reads and checks `dir`/kle.textproto; an empty vocabulary (no case can
/// be journalised) when the folder has none.
[[nodiscard]] Result<v1::KleVocabulary> LoadKleVocabulary(const std::filesystem::path& dir);

/// The organisation's own contact points in `dir`'s kPublicContactsFile
/// (none without one), and every referral body's, which are public too.
[[nodiscard]] Result<PublicContacts> LoadPublicContacts(const std::filesystem::path& dir,
                                                        const v1::ReferralRegistry& referrals);

/// `dir`'s kPublicContactsFile as written (an empty list without one).
[[nodiscard]] Result<v1::PublicContactList> LoadPublicContactList(const std::filesystem::path& dir);

/// The workflows folder as the engine runs it: the referral registry, the
/// rules built with it, and the definitions.
struct WorkflowFolder {
  v1::ReferralRegistry referrals;
  v1::ThemeVocabulary themes;
  v1::KleVocabulary kle;
  v1::PublicContactList contacts;  // the organisation's own, as written
  RuleRegistry rules;
  WorkflowCatalog catalog;
};

/// LoadReferralRegistry, StandardRules and LoadWorkflowDirectory on `dir`.
[[nodiscard]] Result<WorkflowFolder> LoadWorkflowFolder(const std::filesystem::path& dir);

}  // namespace ombudsflow::service
