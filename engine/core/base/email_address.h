#pragma once

#include <string>
#include <string_view>

namespace ombudsflow {

/// Whether `address` is an e-mail address the office can send to: the one
/// grammar every e-mail field is checked against (intake, users, referral
/// bodies) and the SMTP channel sends to. RFC 5321's Mailbox with an ASCII
/// dot-atom local part (no quoted strings, no comments, no address
/// literals) of at most 64 characters, and a domain of at least two
/// letter-digit-hyphen labels; at most 254 characters in all. So nothing
/// that could end an SMTP command or a header (`<`, `>`, `,`, quotes,
/// spaces, control characters) is ever an address.
[[nodiscard]] bool IsMailboxAddress(std::string_view address);

/// The one form two spellings of an address are compared in: Unicode
/// NFKC with full case folding (ICU's NFKC_Casefold), so "ANNE@X.DK",
/// "anne@x.dk" and a compatibility form such as the Kelvin sign for "k"
/// are one account, and a look-alike letter (a dotted capital I) is not a
/// different spelling of one. Account lookups, the sign-in counters and
/// OIDC all key on it. Empty when `address` is not valid UTF-8.
[[nodiscard]] std::string EmailKey(std::string_view address);

}  // namespace ombudsflow
