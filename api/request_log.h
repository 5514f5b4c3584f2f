#pragma once

#include <string>

#include "api/http_api.h"

namespace ombudsflow::api {

/// One JSON object per line for each request answered: time, request id,
/// method, route template, status, duration and who asked, by id. Never
/// the target, a body or a header other than the request id: a search's
/// words ride in the query string, and the log is no place for them.
[[nodiscard]] std::string RequestLogLine(const RequestRecord& record, Timestamp at);

/// An observer that writes RequestLogLine to the `requests` logger
/// (stderr, the line alone).
[[nodiscard]] RequestObserver RequestLogger(const Clock& clock);

}  // namespace ombudsflow::api
