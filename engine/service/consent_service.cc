#include "engine/service/consent_service.h"

#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/consent.h"

namespace ombudsflow::service {
namespace {

// Consents change no state, so no workflow rule reads the definition.
const v1::WorkflowDefinition& NoDefinition() {
  static const v1::WorkflowDefinition kNone;
  return kNone;
}

}  // namespace

Result<v1::Complaint> ConsentService::Change(const Actor& actor, const std::string& complaint_id,
                                             const Evaluate& evaluate) {
  auto stored = cases_.Load(complaint_id);
  if (!stored) return std::unexpected(stored.error());
  const Timestamp now = clock_.Now();
  const EngineContext context{rules_, calendar_, now, clock_.LocalDate(now)};
  auto outcome = evaluate(CaseView{stored->complaint, NoDefinition(), stored->last_event_hash}, context);
  if (!outcome) return std::unexpected(outcome.error());
  auto applied = cases_.Apply(*outcome);
  if (!applied) return std::unexpected(applied.error());
  return std::move(applied->complaint);
}

Result<v1::Complaint> ConsentService::Record(const Actor& actor, const std::string& complaint_id,
                                             const v1::RecordConsentRequest& request) {
  return Change(actor, complaint_id, [&](const CaseView& view, const EngineContext& context) {
    return RecordConsent(view, context, actor, request, ids_.NewId());
  });
}

Result<v1::Complaint> ConsentService::Confirm(const Actor& actor, const std::string& complaint_id,
                                              const std::string& consent_id,
                                              const v1::ConfirmConsentRequest& request) {
  // Confirming reads the delegations: a deputy confirms only under one.
  auto office = cases_.Office(clock_.Now());
  if (!office) return std::unexpected(office.error());
  return Change(actor, complaint_id, [&](const CaseView& view, const EngineContext& context) {
    return ConfirmConsent(view, context, *office, actor, consent_id, request);
  });
}

Result<v1::Complaint> ConsentService::Revoke(const Actor& actor, const std::string& complaint_id,
                                             const std::string& consent_id,
                                             const v1::RevokeConsentRequest& request) {
  return Change(actor, complaint_id, [&](const CaseView& view, const EngineContext& context) {
    return RevokeConsent(view, context, actor, consent_id, request);
  });
}

}  // namespace ombudsflow::service
