#pragma once

#include "api/http_api.h"
#include "engine/service/case_document_service.h"
#include "engine/service/min_sag_service.h"

namespace ombudsflow::api {

/// The office's side of Min sag in the API: writing to the citizen, and
/// revoking the citizen's links to the case.
void AddMinSagRoutes(HttpApi& api, service::CaseDocumentService& documents, service::MinSagService& min_sag);

}  // namespace ombudsflow::api
