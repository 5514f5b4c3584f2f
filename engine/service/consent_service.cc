#include "engine/service/consent_service.h"

#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/consent.h"
#include "engine/service/apply_case_change.h"

namespace ombudsflow::service {

Result<v1::Complaint> ConsentService::Change(const Actor& /*actor*/, const std::string& complaint_id,
                                             const Evaluate& evaluate) {
  return ApplyCaseChange(cases_, rules_, calendar_, clock_, complaint_id, evaluate);
}

Result<v1::Complaint> ConsentService::Record(const Actor& actor, const std::string& complaint_id,
                                             const v1::RecordConsentRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return Change(actor, complaint_id, [&](const CaseView& view, const EngineContext& context) {
    return RecordConsent(view, context, actor, request, ids_.NewId());
  });
}

Result<v1::Complaint> ConsentService::Confirm(const Actor& actor, const std::string& complaint_id,
                                              const std::string& consent_id,
                                              const v1::ConfirmConsentRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
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
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return Change(actor, complaint_id, [&](const CaseView& view, const EngineContext& context) {
    return RevokeConsent(view, context, actor, consent_id, request);
  });
}

}  // namespace ombudsflow::service
