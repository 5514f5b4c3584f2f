#pragma once

#include "api/http_api.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::api {

/// GET /v1/workflows, /v1/workflows/{name}/versions/{version} and its
/// /diagram?format=mermaid|dot. Any token may read definitions.
void AddWorkflowRoutes(HttpApi& api, const WorkflowCatalog& workflows);

}  // namespace ombudsflow::api
