#include "engine/core/policy/role.h"

#include <array>
#include <utility>

namespace ombudsflow {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames{{
    {Role::kCaseworker, "caseworker"},
    {Role::kOmbudsman, "ombudsman"},
    {Role::kDeputy, "deputy"},
    {Role::kDepartment, "department"},
    {Role::kAdministrator, "administrator"},
}};

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, role_name] : kRoleNames) {
    if (role_name == name) return role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  if (role == Role::kSystem) return "system";
  for (const auto& [known, role_name] : kRoleNames) {
    if (known == role) return role_name;
  }
  return "unknown";
}

}  // namespace ombudsflow
