#include "engine/core/policy/id_token.h"

#include <nlohmann/json.hpp>

namespace ombudsflow {
namespace {

Error Refused(const std::string& why) { return MakeError(ErrorCode::kUnauthenticated, "the ID token " + why); }

}  // namespace

Result<IdTokenIdentity> CheckIdTokenClaims(std::string_view claims_json, const IdTokenExpectations& expected) {
  const nlohmann::json claims = nlohmann::json::parse(claims_json, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::unexpected(Refused("is not a JSON object"));
  const auto text = [&](const char* name) -> std::string {
    auto it = claims.find(name);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto seconds = [&](const char* name) -> std::optional<long long> {
    auto it = claims.find(name);
    if (it == claims.end() || !it->is_number()) return std::nullopt;
    return it->is_number_integer() ? it->get<long long>() : static_cast<long long>(it->get<double>());
  };

  if (text("iss") != expected.issuer) return std::unexpected(Refused("was issued by someone else"));
  const auto audience = claims.find("aud");
  bool ours = false;
  std::size_t audiences = 0;
  if (audience != claims.end() && audience->is_string()) {
    audiences = 1;
    ours = audience->get<std::string>() == expected.client_id;
  } else if (audience != claims.end() && audience->is_array()) {
    audiences = audience->size();
    for (const auto& one : *audience) ours = ours || (one.is_string() && one.get<std::string>() == expected.client_id);
  }
  if (!ours) return std::unexpected(Refused("is meant for another client"));
  if (audiences > 1 && text("azp") != expected.client_id) {
    return std::unexpected(Refused("names another authorised party"));
  }
  if (claims.contains("azp") && text("azp") != expected.client_id) {
    return std::unexpected(Refused("names another authorised party"));
  }
  const long long now = ToUnixMicros(expected.now) / 1'000'000;
  const long long leeway = expected.leeway.count();
  const auto expires = seconds("exp");
  if (!expires || *expires + leeway <= now) return std::unexpected(Refused("has expired"));
  const auto issued = seconds("iat");
  if (!issued || *issued - leeway > now) return std::unexpected(Refused("was issued in the future"));
  if (expected.nonce.empty() || text("nonce") != expected.nonce) {
    return std::unexpected(Refused("does not carry this sign-in's nonce (a replay?)"));
  }
  IdTokenIdentity identity;
  identity.subject = text("sub");
  if (identity.subject.empty() || identity.subject.size() > 255) {
    return std::unexpected(Refused("has no usable subject"));
  }
  identity.email = text("email");
  if (auto verified = claims.find("email_verified"); verified != claims.end() && verified->is_boolean()) {
    identity.email_verified = verified->get<bool>();
  }
  identity.name = text("name");
  return identity;
}

}  // namespace ombudsflow
