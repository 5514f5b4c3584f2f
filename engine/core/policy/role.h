#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow {

/// Who is acting. Every API token carries exactly one role, never kSystem.
enum class Role {
  kCaseworker,     // registers, triages and advances complaints
  kOmbudsman,      // decides investigations, approves publications
  kDeputy,         // acts for the ombudsman under an active delegation
  kDepartment,     // one of the municipality's administrations
  kAdministrator,  // users, tokens, departments, workflow versions
  kSystem,         // the engine itself, firing timers: holds no permission
};

/// The role a token may carry, by name; never kSystem.
[[nodiscard]] std::optional<Role> ParseRole(std::string_view name);
[[nodiscard]] std::string_view RoleName(Role role);

/// The authenticated caller of one request.
struct Actor {
  Role role = Role::kCaseworker;
  std::string department;  // set for Role::kDepartment only
  std::string name;        // the token's name, recorded in audit events
  std::string token_id;
};

}  // namespace ombudsflow
