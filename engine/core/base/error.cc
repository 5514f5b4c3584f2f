#include "engine/core/base/error.h"

#include <utility>

namespace ombudsflow {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kUnauthenticated: return "UNAUTHENTICATED";
    case ErrorCode::kPermissionDenied: return "PERMISSION_DENIED";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kAlreadyExists: return "ALREADY_EXISTS";
    case ErrorCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case ErrorCode::kAborted: return "ABORTED";
    case ErrorCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case ErrorCode::kUnimplemented: return "UNIMPLEMENTED";
    case ErrorCode::kUnavailable: return "UNAVAILABLE";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, {}};
}

Error InvalidArgument(std::string message, std::vector<FieldViolation> violations) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(violations), {}};
}

Error NotFound(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}

Error PermissionDenied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}

Error Unavailable(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}

Error Internal(std::string message) {
  return MakeError(ErrorCode::kInternal, std::move(message));
}

}  // namespace ombudsflow
