#pragma once

#include "api/http_api.h"
#include "engine/service/complaint_service.h"

namespace ombudsflow::api {

/// POST /v1/complaints, GET /v1/complaints/{id}, GET /v1/complaints.
void AddComplaintRoutes(HttpApi& api, service::ComplaintService& complaints);

}  // namespace ombudsflow::api
