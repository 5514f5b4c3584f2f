#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow::api {

/// The value of cookie `name` in a Cookie header ("a=1; b=2"), as RFC 6265
/// section 5.4 sends it; nullopt when absent. The header is bounded by the
/// server's header limit.
[[nodiscard]] std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name);

/// A Set-Cookie value for the session cookie: HttpOnly, SameSite=Lax,
/// Path=/, Secure when `secure`, living `max_age` (0: delete it now).
[[nodiscard]] std::string SessionSetCookie(std::string_view name, std::string_view value,
                                           std::chrono::seconds max_age, bool secure);

/// `set_cookie` (a Set-Cookie value) with the Secure attribute, which it
/// keeps if it has it: for a request that came over TLS.
[[nodiscard]] std::string WithSecure(std::string_view set_cookie);

}  // namespace ombudsflow::api
