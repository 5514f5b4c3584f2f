#pragma once

#include "api/http_api.h"
#include "engine/service/notice_service.h"

namespace ombudsflow::api {

/// GET /v1/notices, GET /v1/notices/{id}, POST /v1/notices/{id}:acknowledge.
void AddNoticeRoutes(HttpApi& api, service::NoticeService& notices);

}  // namespace ombudsflow::api
