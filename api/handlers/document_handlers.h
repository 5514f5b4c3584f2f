#pragma once

#include "api/http_api.h"
#include "engine/service/document_service.h"
#include "engine/service/transition_service.h"

namespace ombudsflow::api {

/// GET /v1/complaints/{id}/letters and /journal; POST
/// /v1/complaints/{id}/letters:preview (the letters a transition request
/// would send, rendered, nothing written).
void AddDocumentRoutes(HttpApi& api, service::DocumentService& documents, service::TransitionService& transitions);

}  // namespace ombudsflow::api
