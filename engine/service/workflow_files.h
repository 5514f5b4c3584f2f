#pragma once

#include <filesystem>

#include "engine/core/base/error.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::service {

/// The shared input vocabulary, at the top of the workflows folder.
inline constexpr const char* kInputVocabularyFile = "inputs.textproto";

/// Reads the input vocabulary and every other *.textproto under `dir`
/// (recursively, each a definition) and builds the catalog.
/// kInvalidArgument lists every problem as "file:line: message", with file
/// names relative to `dir`'s parent so they read like "workflows/...".
[[nodiscard]] Result<WorkflowCatalog> LoadWorkflowDirectory(const std::filesystem::path& dir,
                                                            const RuleRegistry& rules);

}  // namespace ombudsflow::service
