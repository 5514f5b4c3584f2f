#pragma once

#include <string>

#include "engine/error.h"
#include "engine/role.h"
#include "engine/transition.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Records the citizen's consent to publish one piece of personal data, as
/// a change of the case with its own audit event; the state and its
/// deadline stay. Office staff only. The event names the consent and its
/// kind, not the data: the audit trail is never erased, the case's data can be.
/// Refusals change nothing: kPermissionDenied, kInvalidArgument (kind,
/// value, evidence, missing version), kAborted (stale version).
[[nodiscard]] Result<TransitionOutcome> RecordConsent(const CaseView& view, const EngineContext& context,
                                                      const Actor& actor,
                                                      const v1::RecordConsentRequest& request,
                                                      const std::string& consent_id);

/// Revokes consent `consent_id`; approval is blocked again where the text
/// needed it. kNotFound for an unknown consent, kFailedPrecondition when it
/// is already revoked; otherwise as RecordConsent.
[[nodiscard]] Result<TransitionOutcome> RevokeConsent(const CaseView& view, const EngineContext& context,
                                                      const Actor& actor, const std::string& consent_id,
                                                      const v1::RevokeConsentRequest& request);

}  // namespace ombudsflow
