#include "engine/service/token_service.h"

#include <openssl/rand.h>

#include <array>

#include "engine/core/policy/api_token.h"

namespace ombudsflow::service {

namespace {

Result<void> RefuseUnlessSignedIn(const Actor& self) {
  if (self.user_id.empty()) {
    return std::unexpected(MakeError(ErrorCode::kPermissionDenied, "only a person has tokens of their own"));
  }
  if (!self.token_id.empty()) {
    return std::unexpected(MakeError(ErrorCode::kPermissionDenied,
                                     "a token is issued by its person signed in, never with another token"));
  }
  return {};
}

}  // namespace

Result<TokenService::Minted> TokenService::Mint(std::chrono::days lifetime) const {
  if (lifetime < std::chrono::days(1) || lifetime > kMaxTokenLifetime) {
    return std::unexpected(InvalidArgument(
        "the token is invalid",
        {{"lifetime", "must be 1 to " + std::to_string(kMaxTokenLifetime.count()) + " days"}}));
  }
  std::array<unsigned char, kTokenRandomBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  return Minted{FormatToken(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())),
                clock_.Now() + lifetime};
}

Result<IssuedToken> TokenService::IssueForSystem(const std::string& issuer, Role role, const std::string& department,
                                                 const std::string& name, std::chrono::days lifetime) {
  if (!SystemMayHold(role)) {
    return std::unexpected(InvalidArgument(
        "the token is invalid",
        {{"role", "a system may hold only the department role; a person issues their own token, signed in"}}));
  }
  if (auto valid = ValidateTokenSpec(role, department, name); !valid) {
    return std::unexpected(valid.error());
  }
  auto minted = Mint(lifetime);
  if (!minted) return std::unexpected(minted.error());
  auto id = store_.CreateForSystem(HashToken(minted->token), role, department, name, minted->expires_at, issuer);
  if (!id) return std::unexpected(id.error());
  return IssuedToken{std::move(*id), std::move(minted->token), minted->expires_at};
}

Result<IssuedToken> TokenService::IssueOwn(const Actor& self, const std::string& label, std::chrono::days lifetime) {
  if (auto signed_in = RefuseUnlessSignedIn(self); !signed_in) return std::unexpected(signed_in.error());
  // The name is checked as a system's would be; the role is the person's.
  if (auto valid = ValidateTokenSpec(Role::kCaseworker, {}, label); !valid) {
    return std::unexpected(valid.error());
  }
  auto minted = Mint(lifetime);
  if (!minted) return std::unexpected(minted.error());
  auto record = store_.CreateForUser(HashToken(minted->token), self.user_id, label, minted->expires_at, self.Id());
  if (!record) return std::unexpected(record.error());
  return IssuedToken{std::move(record->id), std::move(minted->token), minted->expires_at};
}

Result<std::vector<store::TokenRecord>> TokenService::ListOwn(const Actor& self) {
  if (self.user_id.empty()) return std::vector<store::TokenRecord>{};
  return store_.List(self.user_id);
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

std::optional<Actor> TokenService::Remembered(std::string_view token) {
  if (!LooksLikeToken(token)) return std::nullopt;
  return cache_.Find(HashToken(token), clock_.Now());
}

Result<void> TokenService::Revoke(const std::string& id, const std::string& by) { return store_.Revoke(id, by); }

Result<void> TokenService::RevokeOwn(const Actor& self, const std::string& id) {
  if (self.user_id.empty()) return std::unexpected(NotFound("no unrevoked token " + id));
  return store_.Revoke(id, self.Id(), self.user_id);
}

}  // namespace ombudsflow::service
