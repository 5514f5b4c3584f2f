#pragma once

#include "api/http_api.h"
#include "engine/service/whistleblower_service.h"

namespace ombudsflow::api {

/// The office's side of the whistleblower channel in the API: reading a
/// reporter's identity (designated people only, each read an event of
/// the case), and the ombudsman's designations.
void AddWhistleblowerRoutes(HttpApi& api, service::WhistleblowerService& channel);

}  // namespace ombudsflow::api
