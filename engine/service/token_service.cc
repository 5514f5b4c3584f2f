#include "engine/service/token_service.h"

#include <openssl/rand.h>

#include <array>

#include "engine/core/policy/api_token.h"

namespace ombudsflow::service {

Result<IssuedToken> TokenService::Issue(Role role, const std::string& department, const std::string& name,
                                        std::chrono::days lifetime) {
  return IssueToken(role, department, name, lifetime, {});
}

Result<IssuedToken> TokenService::IssueForUser(const store::UserRecord& user, const std::string& label,
                                               std::chrono::days lifetime) {
  if (!user.active) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, user.email + " is deactivated"));
  }
  return IssueToken(user.role, user.department, label, lifetime, user.id);
}

Result<IssuedToken> TokenService::IssueToken(Role role, const std::string& department, const std::string& name,
                                             std::chrono::days lifetime, const std::string& user_id) {
  if (auto valid = ValidateTokenSpec(role, department, name); !valid) {
    return std::unexpected(valid.error());
  }
  if (lifetime < std::chrono::days(1) || lifetime > kMaxTokenLifetime) {
    return std::unexpected(InvalidArgument(
        "the token is invalid",
        {{"lifetime", "must be 1 to " + std::to_string(kMaxTokenLifetime.count()) + " days"}}));
  }
  const Timestamp expires_at = clock_.Now() + lifetime;
  std::array<unsigned char, kTokenRandomBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  std::string token =
      FormatToken(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  auto id = store_.Create(HashToken(token), role, department, name, expires_at, user_id);
  if (!id) return std::unexpected(id.error());
  return IssuedToken{std::move(*id), std::move(token), expires_at};
}

Result<Actor> TokenService::Authenticate(std::string_view token) {
  if (!LooksLikeToken(token)) {
    return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the token is not valid"));
  }
  const std::string hash = HashToken(token);
  const Timestamp now = clock_.Now();
  if (auto remembered = cache_.Find(hash, now)) return std::move(*remembered);
  const std::uint64_t ticket = cache_.Ticket();
  auto grant = store_.Authenticate(hash, now);
  if (!grant) return std::unexpected(grant.error());  // refusals are never remembered
  cache_.Remember(hash, grant->actor, now, grant->expires_at, ticket);
  return std::move(grant->actor);
}

Result<void> TokenService::Revoke(const std::string& id) { return store_.Revoke(id); }

}  // namespace ombudsflow::service
