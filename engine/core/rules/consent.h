#pragma once

#include <functional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/core/rules/personal_data.h"
#include "engine/core/workflow/transition.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Records the citizen's consent to publish one piece of personal data, as
/// a change of the case with its own audit event; the state and its
/// deadline stay. Office staff only. The event names the consent and its
/// kind, not the data: the audit trail is never erased, the case's data can be.
/// A CPR number is never published: a consent naming one is refused.
/// Refusals change nothing: kPermissionDenied, kInvalidArgument (kind,
/// value, evidence, missing version), kAborted (stale version).
[[nodiscard]] Result<TransitionOutcome> RecordConsent(const CaseView& view, const EngineContext& context,
                                                      const Actor& actor,
                                                      const v1::RecordConsentRequest& request,
                                                      const std::string& consent_id);

/// Confirms consent `consent_id` and its evidence: the ombudsman, or a
/// deputy with an active delegation in `office`, never the person who
/// recorded it. Only a confirmed consent lets personal data through.
/// kPermissionDenied for anyone else, kNotFound for an unknown consent,
/// kFailedPrecondition when it is already confirmed or revoked; otherwise
/// as RecordConsent.
[[nodiscard]] Result<TransitionOutcome> ConfirmConsent(const CaseView& view, const EngineContext& context,
                                                       const OfficeState& office, const Actor& actor, const std::string& consent_id,
                                                       const v1::ConfirmConsentRequest& request);

/// Revokes consent `consent_id`; approval is blocked again where the text
/// needed it. kNotFound for an unknown consent, kFailedPrecondition when it
/// is already revoked; otherwise as RecordConsent.
[[nodiscard]] Result<TransitionOutcome> RevokeConsent(const CaseView& view, const EngineContext& context,
                                                      const Actor& actor, const std::string& consent_id,
                                                      const v1::RevokeConsentRequest& request);

/// The consent that lets `hit` be published: recorded with evidence,
/// confirmed by the ombudsman, not revoked, of the hit's kind and covering
/// its value (a name consent covers each part of the name, in any
/// inflection; an address consent its street). nullptr when none does.
/// Whether the hit may then go out is MayDisclose's to say (disclosure.h).
[[nodiscard]] const v1::ConsentDeclaration* CoveringConsent(const PersonalDataHit& hit,
                                                            const v1::Complaint& complaint);

/// Appends to `findings` each piece of personal data in `text` (the fact
/// `field`), with its covering consent; `blocks` says which ones stop the
/// transition.
/// The organisation's own addresses in `known` are no findings.
void AddPersonalDataFindings(const std::string& field, const std::string& text, const v1::Complaint& complaint,
                             const std::function<bool(const PersonalDataHit&, const v1::ConsentDeclaration*)>& blocks,
                             google::protobuf::RepeatedPtrField<v1::PersonalDataFinding>& findings,
                             const PublicContacts* known = nullptr);

}  // namespace ombudsflow
