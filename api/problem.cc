#include "api/problem.h"

namespace ombudsflow::api {
namespace {

// Long enough for a restart or a failover's first reconnects.
constexpr std::chrono::seconds kUnavailableRetryAfter{2};

}  // namespace

http::status HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return http::status::bad_request;
    case ErrorCode::kUnauthenticated: return http::status::unauthorized;
    case ErrorCode::kPermissionDenied: return http::status::forbidden;
    case ErrorCode::kNotFound: return http::status::not_found;
    case ErrorCode::kAlreadyExists: return http::status::conflict;
    case ErrorCode::kFailedPrecondition: return http::status::unprocessable_entity;
    case ErrorCode::kAborted: return http::status::conflict;
    case ErrorCode::kResourceExhausted: return http::status::too_many_requests;
    case ErrorCode::kUnimplemented: return http::status::not_implemented;
    case ErrorCode::kUnavailable: return http::status::service_unavailable;
    case ErrorCode::kInternal: return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Problem ToProblem(Error error) {
  const auto status = HttpStatusFor(error.code);
  if (error.code == ErrorCode::kInternal) {
    // Internals were logged where they happened; the client learns nothing.
    error.message = "internal error";
    error.field_violations.clear();
  }
  Problem problem{status, std::move(error)};
  // A 503 is a moment's outage (the database restarting or failing over, the
  // pool full): a client, or nginx, tries again after this, not at once.
  if (problem.error.code == ErrorCode::kUnavailable) problem.retry_after = kUnavailableRetryAfter;
  return problem;
}

Problem MakeProblem(http::status status, ErrorCode code, std::string message) {
  return Problem{status, MakeError(code, std::move(message))};
}

}  // namespace ombudsflow::api
