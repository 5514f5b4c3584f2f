#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/core/base/time.h"

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/store/token_store.h"

namespace ombudsflow::service {

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; only its hash is stored
};

/// Issues API tokens and authenticates bearers of them. Authenticated tokens
/// are remembered for `cache_ttl` so a request costs no extra database round
/// trip for them, but only while the server hears of revocations
/// (SetListening, from the database's NOTIFY): a revoked token is forgotten
/// at once (Forget), and without the notifications nothing is remembered.
class TokenService {
 public:
  explicit TokenService(store::TokenStore& store) : store_(store) {}
  TokenService(store::TokenStore& store, const Clock& clock, std::chrono::seconds cache_ttl)
      : store_(store), clock_(&clock), cache_ttl_(cache_ttl) {}

  /// A new token from OpenSSL's CSPRNG. Fails with kInvalidArgument for an
  /// inconsistent role and department or a missing name.
  [[nodiscard]] Result<IssuedToken> Issue(Role role, const std::string& department,
                                          const std::string& name);

  /// The actor behind `token`, or kUnauthenticated.
  [[nodiscard]] Result<Actor> Authenticate(std::string_view token);

  /// Revokes token `id` (kNotFound when there is no such unrevoked token).
  [[nodiscard]] Result<void> Revoke(const std::string& id);

  /// A token was revoked or deleted: forget it (`token_hash`, as stored).
  void Forget(const std::string& token_hash);
  /// Whether revocations are heard; while not, nothing is remembered.
  void SetListening(bool listening);

 private:
  struct Cached {
    Actor actor;
    Timestamp expires;
  };
  // Bounds memory against a flood of distinct valid tokens.
  static constexpr std::size_t kMaxCached = 10'000;

  store::TokenStore& store_;
  const Clock* clock_ = nullptr;  // null: no cache
  std::chrono::seconds cache_ttl_{0};
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
  bool listening_ = false;
  // Bumped by every revocation heard: an answer read from the database
  // before one is not remembered after it.
  std::uint64_t generation_ = 0;
};

}  // namespace ombudsflow::service
