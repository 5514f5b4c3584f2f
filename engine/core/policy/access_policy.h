#pragma once

#include <expected>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Things a caller may be allowed to do, independent of any one case.
enum class Permission {
  kRegisterComplaint,
  kReadComplaints,  // includes the complainant's personal data
  kManageTokens,
  kManageWebhooks,  // departments' endpoints and their secrets
};

/// Decides whether `actor` holds `permission`. Citizens' personal data is for
/// office staff only: departments and administrators never read complaints.
/// Fails with kPermissionDenied and a message naming the role.
[[nodiscard]] std::expected<void, Error> Authorize(const Actor& actor,
                                                   Permission permission);

/// Whether `actor` may see and act on a case of `case_department` at all.
/// Office staff may; a department only on its own cases, and another
/// department's case is kNotFound, indistinguishable from a missing one.
[[nodiscard]] std::expected<void, Error> AuthorizeCaseAccess(const Actor& actor,
                                                             const std::string& case_id,
                                                             const std::string& case_department);

/// Which department's notices `actor` may see: a department only its own
/// (whatever it asks for), office staff any (`requested`, empty for all).
/// Administrators are refused.
[[nodiscard]] Result<std::string> NoticeScope(const Actor& actor, const std::string& requested);

/// The refusal for a case that does not exist, or that `actor` may not know of.
[[nodiscard]] Error NoSuchCase(const std::string& case_id);

}  // namespace ombudsflow
