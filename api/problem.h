#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "api/http_types.h"
#include "engine/core/base/error.h"

namespace ombudsflow::api {

/// An error on its way to the client: the engine's Error and the HTTP status
/// it gets. Most statuses come from the code (HttpStatusFor); the API layer's
/// own refusals (415, 406, 405, 413) set theirs directly.
struct Problem {
  http::status status;
  Error error;
  // For a 405: the methods the resource has, sent as the Allow header.
  std::string allow = {};
  // For a 429: when to try again, sent as the Retry-After header.
  std::optional<std::chrono::seconds> retry_after = {};
};

/// The one table from error codes to HTTP statuses.
[[nodiscard]] http::status HttpStatusFor(ErrorCode code);

[[nodiscard]] Problem ToProblem(Error error);

[[nodiscard]] Problem MakeProblem(http::status status, ErrorCode code, std::string message);

}  // namespace ombudsflow::api
