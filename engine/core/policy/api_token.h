#pragma once

#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"

namespace ombudsflow {

/// API tokens are "ofk_" followed by 64 hex digits (32 random bytes). The
/// database keeps only their SHA-256, so a leaked table grants nothing.
inline constexpr std::string_view kTokenPrefix = "ofk_";
inline constexpr std::size_t kTokenRandomBytes = 32;
/// The longest name a token may have (UTF-8 bytes).
inline constexpr std::size_t kMaxTokenNameBytes = 200;

/// The token text for `random_bytes` (which must be kTokenRandomBytes long).
[[nodiscard]] std::string FormatToken(std::string_view random_bytes);

/// Whether `token` has the shape FormatToken produces; a cheap check that
/// spares the database a lookup for garbage.
[[nodiscard]] bool LooksLikeToken(std::string_view token);

/// What the database stores and looks tokens up by.
[[nodiscard]] std::string HashToken(std::string_view token);

}  // namespace ombudsflow

namespace ombudsflow {

/// Checks what a new token is for: a department token names its department,
/// no other role does, and every token has a name for the audit trail: one
/// line of text of at most kMaxTokenNameBytes.
[[nodiscard]] std::expected<void, Error> ValidateTokenSpec(Role role,
                                                           const std::string& department,
                                                           const std::string& name);

/// Whether a system (a token that is no person's) may hold `role`: only a
/// department's integration may. Every other role reads citizens' personal
/// data (caseworker), approves (ombudsman, deputy) or administers, and is
/// held by a person, who issues their own token. An intake script runs on
/// the token of the caseworker who answers for it.
[[nodiscard]] bool SystemMayHold(Role role);

}  // namespace ombudsflow
