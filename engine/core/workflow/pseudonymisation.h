#pragma once

#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/workflow/transition.h"

namespace ombudsflow {

/// What replaces a removed text.
inline constexpr std::string_view kRemovedText = "[removed]";

/// A closed case as retention leaves it, and the audited event that says
/// so (kind "pseudonymised", by system:retention): facts that are texts
/// removed, complaint points' texts and assessments' reasoning replaced,
/// consents' values and evidence removed. What statistics need stays: the
/// state, department, dates, each point's number, selection and outcome,
/// facts that are numbers or yes/no. (The intake's columns, the details
/// kept aside, letters, notices and unpublished drafts are the store's to
/// scrub in the same run.) kFailedPrecondition unless the case has reached
/// a terminal state.
[[nodiscard]] Result<TransitionOutcome> Pseudonymise(const CaseView& view, const EngineContext& context);

}  // namespace ombudsflow
