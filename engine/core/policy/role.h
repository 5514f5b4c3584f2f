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

/// The office's own people: caseworkers, the ombudsman and the deputy.
[[nodiscard]] constexpr bool IsOfficeStaff(Role role) {
  return role == Role::kCaseworker || role == Role::kOmbudsman || role == Role::kDeputy;
}

/// The ombudsman, or the deputy acting for them: who decides and assigns.
[[nodiscard]] constexpr bool IsOmbudsmanOrDeputy(Role role) { return role == Role::kOmbudsman || role == Role::kDeputy; }

/// The role a token may carry, by name; never kSystem.
[[nodiscard]] std::optional<Role> ParseRole(std::string_view name);
[[nodiscard]] std::string_view RoleName(Role role);

/// The authenticated caller of one request: a person (a user) or a named
/// system (a department's integration, a script, the engine's timers).
struct Actor {
  // No default that grants anything: an Actor nobody set is the engine's
  // own, which holds no permission.
  Role role = Role::kSystem;
  std::string department;  // set for Role::kDepartment only
  std::string name;        // the user's display name, or the system's name
  std::string token_id;    // empty when signed in with a session
  std::string user_id;     // the user's id; empty when a system acts

  /// Who acted, as events, decisions and four-eyes checks record it:
  /// "user:<id>" for a person, "system:<name>" for a system. Two tokens
  /// of one person are one actor.
  [[nodiscard]] std::string Id() const { return user_id.empty() ? "system:" + name : "user:" + user_id; }
};

}  // namespace ombudsflow
