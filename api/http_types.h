#pragma once

#include "engine/net/beast.h"

namespace ombudsflow::api {

/// The messages the API reads and writes.
using Request = HttpRequest;
using Response = HttpResponse;

}  // namespace ombudsflow::api
