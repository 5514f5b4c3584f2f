#pragma once

#include "engine/core/workflow/rule_registry.h"

namespace ombudsflow {

/// Every guard and action ombudsflow ships: the general ones
/// (standard_rules.cc), the publication pipeline's (publication_rules.cc)
/// and the hotline conversion's (hotline_conversion.cc).
[[nodiscard]] RuleRegistry StandardRules();

/// The guards and actions of the publication pipeline.
void AddPublicationRules(RuleRegistry& registry);

}  // namespace ombudsflow
