#pragma once

#include <functional>
#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/core/workflow/transition.h"
#include "engine/store/transition_store.h"

namespace ombudsflow::service {

/// Evaluates a change to a case that is not a transition (a consent, an
/// assignment): the core's rule, given the case as stored.
using EvaluateChange = std::function<Result<TransitionOutcome>(const CaseView&, const EngineContext&)>;

/// Loads case `complaint_id`, evaluates `evaluate` on it and writes the
/// outcome under the version check, in one transaction.
[[nodiscard]] Result<v1::Complaint> ApplyCaseChange(store::TransitionStore& cases, const RuleRegistry& rules,
                                                    const HolidayCalendar& calendar, const Clock& clock,
                                                    const std::string& complaint_id, const EvaluateChange& evaluate);

}  // namespace ombudsflow::service
