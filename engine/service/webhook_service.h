#pragma once

#include <functional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/webhooks/address_policy.h"
#include "engine/store/webhook_store.h"
#include "ombudsflow/v1/webhooks.pb.h"

namespace ombudsflow::service {

/// Departments' webhook endpoints, managed by administrators.
class WebhookService {
 public:
  /// `policy` refuses endpoints at literal addresses deliveries could not
  /// reach anyway (names are checked again at every delivery).
  WebhookService(store::WebhookStore& store, const Clock& clock, AddressPolicy policy)
      : store_(store), clock_(clock), policy_(policy) {}

  /// Registers the endpoint; the answer carries the signing secret, the
  /// only time it is shown. Generated unless the request brings one.
  [[nodiscard]] Result<v1::WebhookEndpoint> Create(const Actor& actor,
                                                   const v1::CreateWebhookEndpointRequest& request);
  [[nodiscard]] Result<v1::ListWebhookEndpointsResponse> List(const Actor& actor);
  [[nodiscard]] Result<v1::WebhookEndpoint> Disable(const Actor& actor, const std::string& id,
                                                    const v1::DisableWebhookEndpointRequest& request);
  [[nodiscard]] Result<v1::ListWebhookDeliveriesResponse> Deliveries(const Actor& actor,
                                                                     const std::string& id);

 private:
  store::WebhookStore& store_;
  const Clock& clock_;
  AddressPolicy policy_;
};

}  // namespace ombudsflow::service
