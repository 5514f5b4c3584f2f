#pragma once

#include "api/http_api.h"
#include "engine/service/alert_service.h"
#include "engine/service/office_service.h"
#include "engine/service/publication_service.h"

namespace ombudsflow::api {

/// Delegations (POST/GET /v1/delegations, POST /v1/delegations/{id}:revoke)
/// and the publication hold (GET/POST /v1/publication-hold,
/// POST /v1/publication-hold:lift).
void AddOfficeRoutes(HttpApi& api, service::OfficeService& office);

/// GET /v1/alerts (open office alerts) and POST /v1/alerts/{id}:resolve.
void AddAlertRoutes(HttpApi& api, service::AlertService& alerts);

/// GET /v1/publications: public; ?state=awaiting_approval with the
/// ombudsman's or deputy's token.
void AddPublicationRoutes(HttpApi& api, service::PublicationService& publications);

}  // namespace ombudsflow::api
