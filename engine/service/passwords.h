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

/// Initialises libsodium once for the process (safe from any thread);
/// throws std::runtime_error when it cannot. Every caller of libsodium here
/// calls it first.
void InitSodium();

/// Hashing and verifying: PasswordHasher (password_hasher.h), a few at a
/// time.

/// A random password of 20 characters from an alphabet without look-alikes
/// (about 115 bits), for `user create --random-password` and demo users.
[[nodiscard]] std::string RandomPassword();

/// The secret of a one-time set-password link: 32 random bytes as 64 hex
/// digits (only its SHA-256, HashToken, is stored).
[[nodiscard]] std::string NewLinkSecret();

/// Whether `secret` has NewLinkSecret's shape; spares the database garbage.
[[nodiscard]] bool LooksLikeLinkSecret(std::string_view secret);

}  // namespace ombudsflow::service
