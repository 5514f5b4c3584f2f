#pragma once

#include "api/http_api.h"
#include "engine/store/database.h"

namespace ombudsflow::api {

/// GET /healthz (the process answers) and GET /readyz (the database answers
/// too). Both need no token, so load balancers and orchestrators can probe.
void AddHealthRoutes(HttpApi& api, store::Database& database);

}  // namespace ombudsflow::api
