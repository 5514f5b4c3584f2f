#include "engine/service/token_service.h"

#include <openssl/rand.h>

#include <array>

#include "engine/api_token.h"

namespace ombudsflow::service {

Result<IssuedToken> TokenService::Issue(Role role, const std::string& department,
                                        const std::string& name) {
  if (auto valid = ValidateTokenSpec(role, department, name); !valid) {
    return std::unexpected(valid.error());
  }
  std::array<unsigned char, kTokenRandomBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  std::string token =
      FormatToken(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  auto id = store_.Create(HashToken(token), role, department, name);
  if (!id) return std::unexpected(id.error());
  return IssuedToken{std::move(*id), std::move(token)};
}

Result<Actor> TokenService::Authenticate(std::string_view token) {
  if (!LooksLikeToken(token)) {
    return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the token is not valid"));
  }
  return store_.Authenticate(HashToken(token));
}

}  // namespace ombudsflow::service
