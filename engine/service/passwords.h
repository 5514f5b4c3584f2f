#pragma once

#include <string>
#include <string_view>

#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// ASVS 2.1: at least 12 characters; long passphrases welcome, but not
/// unbounded input to a deliberately slow hash.
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

/// Why `password` may not be set (field "password"), or nothing.
[[nodiscard]] Result<void> CheckPasswordPolicy(std::string_view password);

/// `password` hashed with Argon2id (libsodium, its "interactive" cost: 2
/// passes over 64 MiB), in the encoded form that carries salt and cost.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);

/// Whether `password` matches `encoded` (from HashPassword). False for any
/// malformed hash, never an exception.
[[nodiscard]] bool VerifyPassword(const std::string& encoded, std::string_view password);

/// Spends what VerifyPassword spends, for sign-ins naming no account with a
/// password, so their answer takes as long as a wrong password's.
void VerifyNothing(std::string_view password);

/// A random password of 20 characters from an alphabet without look-alikes
/// (about 115 bits), for `user create --random-password` and demo users.
[[nodiscard]] std::string RandomPassword();

/// The secret of a one-time set-password link: 32 random bytes as 64 hex
/// digits (only its SHA-256, HashToken, is stored).
[[nodiscard]] std::string NewLinkSecret();

/// Whether `secret` has NewLinkSecret's shape; spares the database garbage.
[[nodiscard]] bool LooksLikeLinkSecret(std::string_view secret);

}  // namespace ombudsflow::service
