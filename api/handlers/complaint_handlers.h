#pragma once

#include "api/http_api.h"
#include "engine/service/complaint_service.h"

namespace ombudsflow::api {

/// POST /v1/complaints, /v1/investigations and /v1/hotline-contacts (each
/// opens a case on its own workflow), GET /v1/complaints/{id} and
/// GET /v1/complaints (every kind of case).
void AddComplaintRoutes(HttpApi& api, service::ComplaintService& complaints);

}  // namespace ombudsflow::api
