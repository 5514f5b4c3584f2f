#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/alert_store.h"
#include "ombudsflow/v1/alerts.pb.h"

namespace ombudsflow::service {

/// The office's alerts: open ones listed for office staff, who resolve them.
class AlertService {
 public:
  AlertService(store::AlertStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  [[nodiscard]] Result<v1::ListOfficeAlertsResponse> Open(const Actor& actor);
  [[nodiscard]] Result<v1::OfficeAlert> Resolve(const Actor& actor, const std::string& id);

 private:
  store::AlertStore& store_;
  const Clock& clock_;
};

}  // namespace ombudsflow::service
