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

  /// A new token of the system `name` (a department's integration) from
  /// OpenSSL's CSPRNG, valid for `lifetime` from now, issued by `issuer`
  /// (recorded with it). kInvalidArgument for a role a system may not hold
  /// (SystemMayHold: only department), an inconsistent role and department,
  /// a missing name, or a lifetime outside 1 day to kMaxTokenLifetime.
  [[nodiscard]] Result<IssuedToken> IssueForSystem(const std::string& issuer, Role role,
                                                   const std::string& department, const std::string& name,
                                                   std::chrono::days lifetime = kDefaultTokenLifetime);

  /// A new token of the person `self`, issued by themselves: it carries the
  /// role and department they hold now (a later change of role does not
  /// change it), and `label` says what it is for. Only a person signed in
  /// (a session, or their own password at the operator's shell) issues one:
  /// kPermissionDenied for a system or a caller using a token, so no token
  /// begets another. kFailedPrecondition for a deactivated person.
  [[nodiscard]] Result<IssuedToken> IssueOwn(const Actor& self, const std::string& label,
                                             std::chrono::days lifetime = kDefaultTokenLifetime);

  /// Every token, newest first; never the tokens themselves.
  [[nodiscard]] Result<std::vector<store::TokenRecord>> List() { return store_.List(); }
  /// The person `self`'s tokens, newest first.
  [[nodiscard]] Result<std::vector<store::TokenRecord>> ListOwn(const Actor& self);

  /// The actor behind `token`, neither revoked nor expired, or
  /// kUnauthenticated. A remembered token is never trusted past its expiry.
  [[nodiscard]] Result<Actor> Authenticate(std::string_view token);
  /// The actor behind `token` if it is remembered now (as Authenticate
  /// would answer without the database), else nullopt: never blocks.
  [[nodiscard]] std::optional<Actor> Remembered(std::string_view token);

  /// Revokes token `id`, recording that `by` did (kNotFound when there is
  /// no such unrevoked token). Revoking never yields a credential: an
  /// administrator may revoke anyone's.
  [[nodiscard]] Result<void> Revoke(const std::string& id, const std::string& by);
  /// Revokes token `id` if it is the person `self`'s own, else kNotFound.
  [[nodiscard]] Result<void> RevokeOwn(const Actor& self, const std::string& id);

  /// A token was revoked or deleted: forget it (`token_hash`, as stored).
  void Forget(const std::string& token_hash) { cache_.Forget(token_hash); }
  /// Whether revocations are heard; while not, nothing is remembered.
  void SetListening(bool listening) { cache_.SetListening(listening); }

 private:
  // A fresh random token and its expiry, or why `lifetime` is refused.
  struct Minted {
    std::string token;
    Timestamp expires_at;
  };
  Result<Minted> Mint(std::chrono::days lifetime) const;

  store::TokenStore& store_;
  const Clock& clock_;
  RevocableCache<Actor> cache_{std::chrono::seconds(0)};
};

}  // namespace ombudsflow::service
