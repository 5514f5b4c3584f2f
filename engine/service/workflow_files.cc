#include "engine/service/workflow_files.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/service/workflow_labels.h"

namespace ombudsflow::service {

Result<WorkflowCatalog> LoadWorkflowDirectory(const std::filesystem::path& dir,
                                              const RuleRegistry& rules) {
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
  for (const auto& entry : entries) {
    if (!entry.is_regular_file() || entry.path().extension() != ".textproto") continue;
    if (entry.path().filename() == kLabelsFile) continue;  // for people, not the engine
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    if (!file) return std::unexpected(InvalidArgument("cannot read " + entry.path().string()));
    WorkflowSource source{entry.path().lexically_normal().lexically_relative(base).string(), text.str()};
    if (entry.path().lexically_normal() == vocabulary_path) {
      vocabulary_source = std::move(source);
    } else {
      sources.push_back(std::move(source));
    }
  }
  v1::InputVocabulary vocabulary;
  if (vocabulary_source) {
    auto parsed = ParseInputVocabulary(*vocabulary_source);
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

}  // namespace ombudsflow::service
