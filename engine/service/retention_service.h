#pragma once

#include <chrono>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/store/retention_store.h"
#include "engine/store/transition_store.h"

namespace ombudsflow::service {

/// Retention: closed cases lose the citizen's personal data after
/// `period` (ombudsflow retention run, and the server's daily job). Each
/// case gets an audited "pseudonymised" event first, then its data is
/// scrubbed; the audit chain still verifies (the events' free texts were
/// kept aside behind digests). A case whose scrub failed is taken again by
/// the next run.
class RetentionService {
 public:
  RetentionService(store::TransitionStore& cases, store::RetentionStore& retention, const WorkflowCatalog& workflows,
                   const RuleRegistry& rules, const HolidayCalendar& calendar, const Clock& clock,
                   std::chrono::days period)
      : cases_(cases),
        retention_(retention),
        workflows_(workflows),
        rules_(rules),
        calendar_(calendar),
        clock_(clock),
        retention_period_(period) {}

  /// Pseudonymises up to `limit` cases closed more than the retention
  /// period ago; returns how many.
  [[nodiscard]] Result<int> Run(int limit = 1000);

 private:
  store::TransitionStore& cases_;
  store::RetentionStore& retention_;
  const WorkflowCatalog& workflows_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  std::chrono::days retention_period_;
};

}  // namespace ombudsflow::service
