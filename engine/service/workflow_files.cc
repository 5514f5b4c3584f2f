#include "engine/service/workflow_files.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/core/rules/standard_rules.h"
#include "engine/service/workflow_labels.h"
#include "ombudsflow/v1/contacts.pb.h"

namespace ombudsflow::service {

namespace {

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  if (!file) return std::nullopt;
  return text.str();
}

}  // namespace

Result<v1::ReferralRegistry> LoadReferralRegistry(const std::filesystem::path& dir) {
  const auto path = (dir / kReferralRegistryFile).lexically_normal();
  // A folder without one refers nowhere: an input that takes its choices
  // from the registry is then refused at load, naming the file.
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return v1::ReferralRegistry();
  auto text = ReadFile(path);
  if (!text) return std::unexpected(InvalidArgument("cannot read the referral registry " + path.string()));
  const auto name = path.lexically_relative(dir.lexically_normal().parent_path()).string();
  return ParseReferralRegistry({name, std::move(*text)});
}

Result<v1::ThemeVocabulary> LoadThemeVocabulary(const std::filesystem::path& dir) {
  const auto path = (dir / kThemeVocabularyFile).lexically_normal();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return v1::ThemeVocabulary();
  auto text = ReadFile(path);
  if (!text) return std::unexpected(InvalidArgument("cannot read the theme vocabulary " + path.string()));
  const auto name = path.lexically_relative(dir.lexically_normal().parent_path()).string();
  return ParseThemeVocabulary({name, std::move(*text)});
}

Result<v1::KleVocabulary> LoadKleVocabulary(const std::filesystem::path& dir) {
  const auto path = (dir / kKleVocabularyFile).lexically_normal();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return v1::KleVocabulary();
  auto text = ReadFile(path);
  if (!text) return std::unexpected(InvalidArgument("cannot read the KLE vocabulary " + path.string()));
  const auto name = path.lexically_relative(dir.lexically_normal().parent_path()).string();
  return ParseKleVocabulary({name, std::move(*text)});
}

Result<v1::PublicContactList> LoadPublicContactList(const std::filesystem::path& dir) {
  const auto path = (dir / kPublicContactsFile).lexically_normal();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return v1::PublicContactList();
  auto text = ReadFile(path);
  if (!text) return std::unexpected(InvalidArgument("cannot read the public contacts " + path.string()));
  const auto name = path.lexically_relative(dir.lexically_normal().parent_path()).string();
  return ParsePublicContacts({name, std::move(*text)});
}

Result<PublicContacts> LoadPublicContacts(const std::filesystem::path& dir, const v1::ReferralRegistry& referrals) {
  PublicContacts known;
  for (const auto& body : referrals.body()) known.Add(body.email(), body.phone());
  auto parsed = LoadPublicContactList(dir);
  if (!parsed) return std::unexpected(parsed.error());
  for (const auto& contact : parsed->contact()) known.Add(contact.email(), contact.phone());
  return known;
}

Result<WorkflowCatalog> LoadWorkflowDirectory(const std::filesystem::path& dir,
                                              const RuleRegistry& rules,
                                              const v1::ReferralRegistry& referrals,
                                              const v1::ThemeVocabulary& themes) {
  std::error_code ec;
  std::filesystem::recursive_directory_iterator entries(dir, ec);
  if (ec) {
    return std::unexpected(
        InvalidArgument("cannot read the workflows folder " + dir.string() + ": " + ec.message()));
  }
  std::vector<WorkflowSource> sources;
  std::optional<WorkflowSource> vocabulary_source;
  const auto base = dir.lexically_normal().parent_path();
  const auto vocabulary_path = (dir / kInputVocabularyFile).lexically_normal();
  const auto registry_path = (dir / kReferralRegistryFile).lexically_normal();
  const auto themes_path = (dir / kThemeVocabularyFile).lexically_normal();
  const auto contacts_path = (dir / kPublicContactsFile).lexically_normal();
  const auto kle_path = (dir / kKleVocabularyFile).lexically_normal();
  for (const auto& entry : entries) {
    if (!entry.is_regular_file() || entry.path().extension() != ".textproto") continue;
    if (entry.path().filename() == kLabelsFile) continue;  // for people, not the engine
    if (entry.path().lexically_normal() == registry_path) continue;  // LoadReferralRegistry's
    if (entry.path().lexically_normal() == themes_path) continue;    // LoadThemeVocabulary's
    if (entry.path().lexically_normal() == contacts_path) continue;  // LoadPublicContacts'
    if (entry.path().lexically_normal() == kle_path) continue;       // LoadKleVocabulary's
    auto text = ReadFile(entry.path());
    if (!text) return std::unexpected(InvalidArgument("cannot read " + entry.path().string()));
    WorkflowSource source{entry.path().lexically_normal().lexically_relative(base).string(), std::move(*text)};
    if (entry.path().lexically_normal() == vocabulary_path) {
      vocabulary_source = std::move(source);
    } else {
      sources.push_back(std::move(source));
    }
  }
  v1::InputVocabulary vocabulary;
  if (vocabulary_source) {
    auto parsed = ParseInputVocabulary(*vocabulary_source, referrals, themes);
    if (!parsed) return std::unexpected(parsed.error());
    vocabulary = std::move(*parsed);
  }
  if (sources.empty()) {
    return std::unexpected(InvalidArgument("no *.textproto workflow definitions in " + dir.string()));
  }
  // Directory order is arbitrary; sort so error messages are reproducible.
  std::sort(sources.begin(), sources.end(),
            [](const auto& a, const auto& b) { return a.file_name < b.file_name; });
  return WorkflowCatalog::Build(sources, rules, vocabulary);
}

Result<WorkflowFolder> LoadWorkflowFolder(const std::filesystem::path& dir) {
  auto referrals = LoadReferralRegistry(dir);
  if (!referrals) return std::unexpected(referrals.error());
  auto themes = LoadThemeVocabulary(dir);
  if (!themes) return std::unexpected(themes.error());
  auto contacts = LoadPublicContacts(dir, *referrals);
  if (!contacts) return std::unexpected(contacts.error());
  auto kle = LoadKleVocabulary(dir);
  if (!kle) return std::unexpected(kle.error());
  auto contact_list = LoadPublicContactList(dir);
  if (!contact_list) return std::unexpected(contact_list.error());
  RuleRegistry rules = StandardRules(*referrals, *contacts);
  auto catalog = LoadWorkflowDirectory(dir, rules, *referrals, *themes);
  if (!catalog) return std::unexpected(catalog.error());
  return WorkflowFolder{std::move(*referrals), std::move(*themes), std::move(*kle), std::move(*contact_list),
                        std::move(rules), std::move(*catalog)};
}

}  // namespace ombudsflow::service
