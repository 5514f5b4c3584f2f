#pragma once

#include <expected>

#include "engine/error.h"
#include "engine/role.h"

namespace ombudsflow {

/// Things a caller may be allowed to do, independent of any one case.
enum class Permission {
  kRegisterComplaint,
  kReadComplaints,  // includes the complainant's personal data
  kManageTokens,
};

/// Decides whether `actor` holds `permission`. Citizens' personal data is for
/// office staff only: departments and administrators never read complaints.
/// Fails with kPermissionDenied and a message naming the role.
[[nodiscard]] std::expected<void, Error> Authorize(const Actor& actor,
                                                   Permission permission);

}  // namespace ombudsflow
