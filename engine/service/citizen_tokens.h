#pragma once

#include <string>
#include <string_view>

namespace ombudsflow::service {

/// A secret a citizen's browser or e-mail holds (a form draft's cookie, a
/// link to Min sag, its session): 256 random bits as 64 hex digits. Only
/// its SHA-256 is ever stored.
[[nodiscard]] std::string NewCitizenToken();

/// Whether `token` has a token's form (before it is looked up).
[[nodiscard]] bool IsCitizenToken(std::string_view token);

/// The key a citizen's address is rate-limited by: an IPv6 address's /64,
/// whose 2^64 addresses one client can use at will; an IPv4 address whole.
[[nodiscard]] std::string CitizenAddressKey(std::string_view address);

}  // namespace ombudsflow::service
