#include "engine/service/classification_service.h"

#include "engine/core/codec/request_limits.h"
#include "engine/core/rules/classification.h"
#include "engine/service/apply_case_change.h"

namespace ombudsflow::service {

Result<v1::Complaint> ClassificationService::Classify(const Actor& actor, const std::string& id,
                                                      const v1::ClassifyComplaintRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return ApplyCaseChange(cases_, rules_, calendar_, clock_, id, [&](const CaseView& view, const EngineContext& context) {
    return ClassifyCase(view, context, actor, kle_, request);
  });
}

}  // namespace ombudsflow::service
