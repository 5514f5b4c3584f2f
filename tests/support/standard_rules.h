#pragma once

#include "engine/rules.h"

namespace ombudsflow::testing {

/// The guards and actions ombudsflow ships, built once for all tests.
inline const RuleRegistry& StandardRules() {
  static const RuleRegistry kRules = RuleRegistry::Standard();
  return kRules;
}

}  // namespace ombudsflow::testing
