#pragma once

#include <cstdint>
#include <string>

#include <google/protobuf/struct.pb.h>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/transition.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Changes to a case that are not transitions (consents, assignment): the
/// state and its deadline stay, the version moves on by one, and an audit
/// event of `kind` says what changed.

/// kInvalidArgument when `expected` is 0 (not sent), kAborted when the case
/// is at another version.
[[nodiscard]] Result<void> CheckVersion(const v1::Complaint& complaint, std::uint32_t expected);

/// The case one version on as `after`, in the same state with the same
/// deadline, and the event that says why.
[[nodiscard]] TransitionOutcome Changed(const CaseView& view, const EngineContext& context, const Actor& actor,
                                        v1::Complaint after, const std::string& kind,
                                        const google::protobuf::Struct& payload);

}  // namespace ombudsflow
