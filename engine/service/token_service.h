#pragma once

#include <chrono>
#include <string>

#include "engine/core/base/time.h"

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/service/revocable_cache.h"
#include "engine/store/token_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::service {

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; only its hash is stored
  Timestamp expires_at;
};

/// How long a token lives unless its issuer says otherwise.
inline constexpr std::chrono::days kDefaultTokenLifetime{365};
/// The longest a token may live.
inline constexpr std::chrono::days kMaxTokenLifetime{3650};

/// Issues API tokens and authenticates bearers of them. Authenticated tokens
/// are remembered for `cache_ttl` so a request costs no extra database round
/// trip for them, but only while the server hears of revocations
/// (SetListening, from the database's NOTIFY): a revoked token is forgotten
/// at once (Forget), and without the notifications nothing is remembered.
class TokenService {
 public:
  /// Without a cache: every bearer is looked up.
  TokenService(store::TokenStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  TokenService(store::TokenStore& store, const Clock& clock, std::chrono::seconds cache_ttl)
      : store_(store), clock_(clock), cache_(cache_ttl) {}

  /// A new token of the system `name` (a department's integration, a
  /// script) from OpenSSL's CSPRNG, valid for `lifetime` from now. Fails
  /// with kInvalidArgument for an inconsistent role and department, a
  /// missing name, or a lifetime outside 1 day to kMaxTokenLifetime.
  [[nodiscard]] Result<IssuedToken> Issue(Role role, const std::string& department, const std::string& name,
                                          std::chrono::days lifetime = kDefaultTokenLifetime);

  /// A new token of `user`, carrying the role and department they have now
  /// (a later change of role does not change the token). `label` says what
  /// it is for. kFailedPrecondition for a deactivated user.
  [[nodiscard]] Result<IssuedToken> IssueForUser(const store::UserRecord& user, const std::string& label,
                                                 std::chrono::days lifetime = kDefaultTokenLifetime);

  /// Every token, newest first; never the tokens themselves.
  [[nodiscard]] Result<std::vector<store::TokenRecord>> List() { return store_.List(); }

  /// The actor behind `token`, neither revoked nor expired, or
  /// kUnauthenticated. A remembered token is never trusted past its expiry.
  [[nodiscard]] Result<Actor> Authenticate(std::string_view token);

  /// Revokes token `id` (kNotFound when there is no such unrevoked token).
  [[nodiscard]] Result<void> Revoke(const std::string& id);

  /// A token was revoked or deleted: forget it (`token_hash`, as stored).
  void Forget(const std::string& token_hash) { cache_.Forget(token_hash); }
  /// Whether revocations are heard; while not, nothing is remembered.
  void SetListening(bool listening) { cache_.SetListening(listening); }

 private:
  Result<IssuedToken> IssueToken(Role role, const std::string& department, const std::string& name,
                                 std::chrono::days lifetime, const std::string& user_id);

  store::TokenStore& store_;
  const Clock& clock_;
  RevocableCache<Actor> cache_{std::chrono::seconds(0)};
};

}  // namespace ombudsflow::service
