#pragma once

// What `ombudsflow config check` prints in place of a secret, and how
// `serve` tells a secret given on its command line (where every user of
// the machine reads it in /proc) from a harmless value. The parsing is
// libpq's and libcurl's own, so a value is read as they will read it.

#include <string>

namespace ombudsflow::server {

inline constexpr const char* kMasked = "********";

/// `conninfo` (key=value or a postgresql:// URI) with its password, if
/// any, replaced by kMasked, as key=value pairs. Unparseable: kMasked.
[[nodiscard]] std::string MaskConninfo(const std::string& conninfo);

/// Whether libpq reads a password in `conninfo`.
[[nodiscard]] bool ConninfoHasPassword(const std::string& conninfo);

/// `url` with the password of its user part, if any, replaced by kMasked.
/// Unparseable: kMasked.
[[nodiscard]] std::string MaskUrl(const std::string& url);

/// Whether `url` carries a password in its user part (smtp://user:pw@host).
[[nodiscard]] bool UrlHasPassword(const std::string& url);

}  // namespace ombudsflow::server
