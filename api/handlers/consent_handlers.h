#pragma once

#include "api/http_api.h"
#include "engine/service/assignment_service.h"
#include "engine/service/classification_service.h"
#include "engine/service/consent_service.h"
#include "engine/service/hotline_service.h"

namespace ombudsflow::api {

/// POST /v1/complaints/{id}/consents and
/// POST /v1/complaints/{id}/consents/{consent_id}:revoke, with If-Match.
void AddConsentRoutes(HttpApi& api, service::ConsentService& consents);

/// POST /v1/complaints/{id}:assign (take, assign, release), with If-Match.
void AddAssignmentRoutes(HttpApi& api, service::AssignmentService& assignments);

/// POST /v1/complaints/{id}:classify (journalise under KLE), with If-Match.
void AddClassificationRoutes(HttpApi& api, service::ClassificationService& classification);

/// POST /v1/hotline-contacts/{id}:convert, with If-Match.
void AddHotlineRoutes(HttpApi& api, service::HotlineService& hotline);

}  // namespace ombudsflow::api
