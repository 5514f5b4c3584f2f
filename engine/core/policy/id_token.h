#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"

namespace ombudsflow {

/// What an OpenID Connect ID token must say to sign someone in here.
struct IdTokenExpectations {
  std::string issuer;     // exactly the configured issuer
  std::string client_id;  // among the audiences; the authorised party if several
  std::string nonce;      // the one this sign-in sent
  Timestamp now;
  std::chrono::seconds leeway{60};  // for clocks a little apart
};

/// Who the identity provider says signed in.
struct IdTokenIdentity {
  std::string subject;  // `sub`: stable per person at this provider
  std::string email;    // may be empty
  bool email_verified = false;
  std::string name;
};

/// Checks the claims of an ID token whose signature was verified
/// (OpenID Connect Core 1.0, 3.1.3.7): issuer, audience and authorised
/// party, expiry, issue time, nonce, and a subject. kUnauthenticated naming
/// the first claim that fails. `claims_json` is bounded by the caller.
[[nodiscard]] Result<IdTokenIdentity> CheckIdTokenClaims(std::string_view claims_json,
                                                         const IdTokenExpectations& expected);

}  // namespace ombudsflow
