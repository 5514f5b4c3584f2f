#pragma once

#include "api/http_api.h"
#include "engine/service/webhook_service.h"

namespace ombudsflow::api {

/// Administrators' management of departments' webhook endpoints:
/// POST/GET /v1/webhook-endpoints, POST /v1/webhook-endpoints/{id}:disable,
/// GET /v1/webhook-endpoints/{id}/deliveries.
void AddWebhookRoutes(HttpApi& api, service::WebhookService& webhooks);

}  // namespace ombudsflow::api
