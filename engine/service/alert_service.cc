#include "engine/service/alert_service.h"

#include "engine/core/policy/access_policy.h"

namespace ombudsflow::service {

Result<v1::ListOfficeAlertsResponse> AlertService::Open(const Actor& actor) {
  auto alerts = store_.Open();
  if (!alerts) return std::unexpected(alerts.error());
  v1::ListOfficeAlertsResponse response;
  for (auto& alert : *alerts) *response.add_alerts() = std::move(alert);
  return response;
}

Result<v1::OfficeAlert> AlertService::Resolve(const Actor& actor, const std::string& id) {
  return store_.Resolve(id, actor.Id(), clock_.Now());
}

}  // namespace ombudsflow::service
