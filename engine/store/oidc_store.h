#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// What a sign-in under way must find again when the provider answers.
struct PendingLogin {
  std::string nonce;
  std::string code_verifier;
  std::string browser_hash;  // SHA-256 of the cookie the starting browser got
  // What the sign-in is for (sql/0042): "staff", "citizen_form" or
  // "citizen_min_sag"; and what it acts on (a form draft's key hash).
  std::string purpose = "staff";
  std::string context;
};

/// OpenID Connect sign-ins under way, by the SHA-256 of their state.
class OidcStore {
 public:
  explicit OidcStore(Database& database) : database_(database) {}

  /// Records a sign-in until `expires_at`; drops the ones already expired.
  [[nodiscard]] Result<void> Begin(const std::string& state_hash, const PendingLogin& login, Timestamp now,
                                   Timestamp expires_at);

  /// Takes the sign-in with `state_hash` if it has not expired: it is gone
  /// afterwards, so a replayed state finds nothing.
  [[nodiscard]] Result<std::optional<PendingLogin>> Take(const std::string& state_hash, Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
