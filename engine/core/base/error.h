#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace ombudsflow {

/// Protocol-agnostic error kinds (after Abseil's canonical codes). The API
/// layer maps each to one HTTP status; nothing below it knows about HTTP.
enum class ErrorCode {
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,  // a rule refused the request (a guard, a reused key)
  kAborted,             // a concurrent change won; re-read and retry
  kResourceExhausted,
  kUnimplemented,
  kUnavailable,         // the database is unreachable; retry later
  kInternal,
};

struct FieldViolation {
  std::string field;        // proto field path, "complainant.name"
  std::string description;  // what is wrong, in words a person can act on
  // A stable code for what is wrong ("required_with_other"), which the
  // workplace turns into the person's language (messages' "violation_<reason>");
  // empty where none is given yet, and then the description is shown.
  std::string reason = {};
};

/// What every engine, store and service function returns instead of throwing.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldViolation> field_violations;
  std::string refused_by;  // the guard that refused a transition, if one did
};

template <class T>
using Result = std::expected<T, Error>;

[[nodiscard]] std::string_view ErrorCodeName(ErrorCode code);

[[nodiscard]] Error MakeError(ErrorCode code, std::string message);
[[nodiscard]] Error InvalidArgument(std::string message,
                                    std::vector<FieldViolation> violations = {});
[[nodiscard]] Error NotFound(std::string message);
[[nodiscard]] Error PermissionDenied(std::string message);
[[nodiscard]] Error Unavailable(std::string message);
[[nodiscard]] Error Internal(std::string message);

}  // namespace ombudsflow
