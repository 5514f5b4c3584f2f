#pragma once

#include "api/http_api.h"
#include "engine/service/enquiry_service.h"

namespace ombudsflow::api {

/// POST /v1/enquiries (201, with the guidance to post back) and GET
/// /v1/enquiries: social-media enquiries, never cases.
void AddEnquiryRoutes(HttpApi& api, service::EnquiryService& enquiries);

}  // namespace ombudsflow::api
