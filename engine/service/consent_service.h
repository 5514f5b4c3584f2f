#pragma once

#include <functional>
#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/store/transition_store.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// The citizen's consents to publish their personal data, recorded on the
/// case (see engine/core/rules/consent.h).
class ConsentService {
 public:
  ConsentService(store::TransitionStore& cases, const RuleRegistry& rules, const HolidayCalendar& calendar,
                 const Clock& clock, IdGenerator& ids)
      : cases_(cases), rules_(rules), calendar_(calendar), clock_(clock), ids_(ids) {}

  [[nodiscard]] Result<v1::Complaint> Record(const Actor& actor, const std::string& complaint_id,
                                             const v1::RecordConsentRequest& request);
  [[nodiscard]] Result<v1::Complaint> Confirm(const Actor& actor, const std::string& complaint_id,
                                              const std::string& consent_id,
                                              const v1::ConfirmConsentRequest& request);
  [[nodiscard]] Result<v1::Complaint> Revoke(const Actor& actor, const std::string& complaint_id,
                                             const std::string& consent_id,
                                             const v1::RevokeConsentRequest& request);

 private:
  using Evaluate = std::function<Result<TransitionOutcome>(const CaseView&, const EngineContext&)>;
  // Loads the case, evaluates the change and writes it under the version check.
  Result<v1::Complaint> Change(const Actor& actor, const std::string& complaint_id, const Evaluate& evaluate);

  store::TransitionStore& cases_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace ombudsflow::service
