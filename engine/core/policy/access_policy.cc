#include "engine/core/policy/access_policy.h"

#include <string>

namespace ombudsflow {
namespace {

bool Allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kRegisterComplaint:
    case Permission::kReadComplaints:
      return IsOfficeStaff(role);
    case Permission::kManageTokens:
    case Permission::kManageWebhooks:
      return role == Role::kAdministrator;
  }
  return false;
}

std::string_view Describe(Permission permission) {
  switch (permission) {
    case Permission::kRegisterComplaint: return "register complaints";
    case Permission::kReadComplaints: return "read complaints";
    case Permission::kManageTokens: return "manage API tokens";
    case Permission::kManageWebhooks: return "manage webhook endpoints";
  }
  return "do this";
}

}  // namespace

std::expected<void, Error> Authorize(const Actor& actor, Permission permission) {
  if (Allows(actor.role, permission)) return {};
  return std::unexpected(PermissionDenied(
      "the role '" + std::string(RoleName(actor.role)) + "' may not " +
      std::string(Describe(permission))));
}

Result<std::string> NoticeScope(const Actor& actor, const std::string& requested) {
  if (actor.role == Role::kDepartment) return actor.department;
  if (IsOfficeStaff(actor.role)) return requested;
  return std::unexpected(PermissionDenied("the role '" + std::string(RoleName(actor.role)) +
                                          "' may not read notices"));
}

Error NoSuchCase(const std::string& case_id) { return NotFound("no complaint " + case_id); }

std::expected<void, Error> AuthorizeCaseAccess(const Actor& actor, const std::string& case_id,
                                               const std::string& case_department) {
  if (IsOfficeStaff(actor.role)) return {};
  if (actor.role == Role::kDepartment && actor.department == case_department) return {};
  if (actor.role == Role::kDepartment) return std::unexpected(NoSuchCase(case_id));
  return std::unexpected(PermissionDenied("the role '" + std::string(RoleName(actor.role)) +
                                          "' may not act on cases"));
}

}  // namespace ombudsflow
