#pragma once

#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/store/transition_store.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow::service {

/// Journalising cases under KLE (the rule is the core's ClassifyCase), each
/// an audit event on the case, by the office's part of KLE
/// (workflows/kle.textproto).
class ClassificationService {
 public:
  ClassificationService(store::TransitionStore& cases, const RuleRegistry& rules, const HolidayCalendar& calendar,
                        const Clock& clock, const v1::KleVocabulary& kle)
      : cases_(cases), rules_(rules), calendar_(calendar), clock_(clock), kle_(kle) {}

  /// Journalises case `id` under `request.kle_number()`.
  [[nodiscard]] Result<v1::Complaint> Classify(const Actor& actor, const std::string& id,
                                               const v1::ClassifyComplaintRequest& request);

  /// The office's part of KLE, to choose from.
  [[nodiscard]] const v1::KleVocabulary& Vocabulary() const { return kle_; }

 private:
  store::TransitionStore& cases_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  const v1::KleVocabulary& kle_;
};

}  // namespace ombudsflow::service
