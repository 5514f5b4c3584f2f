#include "engine/service/oidc_client.h"

#include <cjose/cjose.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/core/policy/id_token.h"
#include "engine/core/webhooks/webhook_signature.h"
#include "engine/net/http_fetch.h"

namespace ombudsflow::service {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdTokenBytes = 16 * 1024;

Error Refused(const std::string& why) { return MakeError(ErrorCode::kUnauthenticated, "sign-in refused: " + why); }

std::string Base64Url(std::string_view bytes) {
  std::string text = Base64Encode(bytes);
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

Result<std::string> RandomText(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  return Base64Url(raw);
}

// The raw SHA-256 of `text` (PKCE's S256 encodes the bytes, not their hex).
std::string Sha256Bytes(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

// application/x-www-form-urlencoded and query values: unreserved pass.
std::string FormEncode(std::string_view text) { return PercentEncoded(text, /*keep_slash=*/false); }

Result<json> FetchJson(const FetchRequest& request, boost::asio::ssl::context& tls, const std::string& what) {
  auto answer = Fetch(request, tls);
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 200) {
    return std::unexpected(Unavailable("the identity provider's " + what + " answered " + std::to_string(answer->status)));
  }
  json parsed = json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::unexpected(Unavailable("the identity provider's " + what + " is not JSON"));
  return parsed;
}

std::string Text(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct JwkDeleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};

// Only the provider's asymmetric signatures: never "none", never an HMAC
// whose key would be the public one.
bool AllowedAlgorithm(std::string_view alg) {
  static constexpr std::array<std::string_view, 9> kAllowed = {"RS256", "RS384", "RS512", "PS256", "PS384",
                                                               "PS512", "ES256", "ES384", "ES512"};
  return std::find(kAllowed.begin(), kAllowed.end(), alg) != kAllowed.end();
}

enum class Verdict { kVerified, kUnknownKey, kBad };

// Verifies `jws` against the key in `keys` its header names.
Verdict VerifyWith(cjose_jws_t* jws, const std::string& kid, const std::string& keys, std::string& why) {
  json set = json::parse(keys, nullptr, false);
  if (!set.is_object() || !set.contains("keys") || !set["keys"].is_array()) {
    why = "the provider's keys are not a JWK set";
    return Verdict::kBad;
  }
  const auto& candidates = set["keys"];
  for (const auto& key : candidates) {
    if (!key.is_object()) continue;
    if (!kid.empty() && Text(key, "kid") != kid) continue;
    if (kid.empty() && candidates.size() != 1) break;
    if (Text(key, "use") == "enc") continue;
    const std::string text = key.dump();
    cjose_err error{};
    std::unique_ptr<cjose_jwk_t, JwkDeleter> jwk(cjose_jwk_import(text.c_str(), text.size(), &error));
    if (!jwk) continue;
    if (cjose_jws_verify(jws, jwk.get(), &error)) return Verdict::kVerified;
    why = "its signature does not verify";
    return Verdict::kBad;
  }
  why = "it is signed with a key the provider does not publish";
  return Verdict::kUnknownKey;
}

}  // namespace

OidcClient::OidcClient(OidcSettings settings, store::OidcStore& logins, const Clock& clock)
    : settings_(std::move(settings)), logins_(logins), clock_(clock), tls_(ClientTlsContext()) {}

OidcClient::~OidcClient() = default;

Result<OidcClient::Provider> OidcClient::Discover() {
  {
    std::lock_guard lock(mutex_);
    if (provider_) return *provider_;
  }
  std::string issuer = settings_.issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  auto document = FetchJson({.url = issuer + "/.well-known/openid-configuration"}, tls_, "discovery document");
  if (!document) return std::unexpected(document.error());
  // OpenID Connect Discovery 1.0, 4.3: the document speaks for this issuer.
  if (Text(*document, "issuer") != settings_.issuer) {
    return std::unexpected(Unavailable("the discovery document names the issuer '" + Text(*document, "issuer") +
                                       "', not '" + settings_.issuer + "'"));
  }
  Provider provider{Text(*document, "authorization_endpoint"), Text(*document, "token_endpoint"),
                    Text(*document, "jwks_uri")};
  if (provider.authorization_endpoint.empty() || provider.token_endpoint.empty() || provider.jwks_uri.empty()) {
    return std::unexpected(Unavailable("the discovery document lacks an endpoint"));
  }
  std::lock_guard lock(mutex_);
  provider_ = provider;
  return provider;
}

Result<std::string> OidcClient::Keys(bool refresh) {
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    const bool fresh_enough = keys_fetched_ && now - *keys_fetched_ < std::chrono::minutes(1);
    if (!keys_.empty() && (!refresh || fresh_enough)) return keys_;
  }
  auto provider = Discover();
  if (!provider) return std::unexpected(provider.error());
  auto answer = Fetch({.url = provider->jwks_uri}, tls_);
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 200) return std::unexpected(Unavailable("the provider's keys answered " + std::to_string(answer->status)));
  std::lock_guard lock(mutex_);
  keys_ = std::move(answer->body);
  keys_fetched_ = now;
  return keys_;
}

Result<std::string> OidcClient::VerifiedClaims(const std::string& id_token) {
  if (id_token.empty() || id_token.size() > kMaxIdTokenBytes) return std::unexpected(Refused("no usable ID token"));
  cjose_err error{};
  std::unique_ptr<cjose_jws_t, JwsDeleter> jws(cjose_jws_import(id_token.c_str(), id_token.size(), &error));
  if (!jws) return std::unexpected(Refused("the ID token is not a JWS"));
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg = header == nullptr ? nullptr : cjose_header_get(header, CJOSE_HDR_ALG, &error);
  if (alg == nullptr || !AllowedAlgorithm(alg)) {
    return std::unexpected(Refused("the ID token's algorithm is not one accepted here"));
  }
  const char* kid_value = cjose_header_get(header, CJOSE_HDR_KID, &error);
  const std::string kid = kid_value == nullptr ? std::string() : kid_value;
  std::string why;
  for (bool refresh : {false, true}) {
    auto keys = Keys(refresh);
    if (!keys) return std::unexpected(keys.error());
    const Verdict verdict = VerifyWith(jws.get(), kid, *keys, why);
    if (verdict == Verdict::kBad) return std::unexpected(Refused("the ID token " + why));
    if (verdict == Verdict::kVerified) {
      std::uint8_t* plaintext = nullptr;
      std::size_t length = 0;
      if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &length, &error)) {
        return std::unexpected(Refused("the ID token has no claims"));
      }
      return std::string(reinterpret_cast<const char*>(plaintext), length);
    }
  }
  return std::unexpected(Refused("the ID token " + why));
}

Result<OidcClient::Redirect> OidcClient::Begin(std::string_view purpose, std::string_view context) {
  auto provider = Discover();
  if (!provider) return std::unexpected(provider.error());
  auto state = RandomText(32);
  auto nonce = RandomText(32);
  auto verifier = RandomText(32);
  auto browser = RandomText(32);
  if (!state || !nonce || !verifier || !browser) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  const Timestamp now = clock_.Now();
  const store::PendingLogin login{.nonce = *nonce, .code_verifier = *verifier, .browser_hash = Sha256Hex(*browser),
                                  .purpose = std::string(purpose), .context = std::string(context)};
  if (auto begun = logins_.Begin(Sha256Hex(*state), login, now, now + settings_.login_ttl);
      !begun) {
    return std::unexpected(begun.error());
  }
  const std::string& endpoint = provider->authorization_endpoint;
  std::string url = endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
         "response_type=code&client_id=" + FormEncode(settings_.client_id) +
         "&redirect_uri=" + FormEncode(settings_.redirect_url) + "&scope=" + FormEncode(settings_.scope) +
         "&state=" + *state + "&nonce=" + *nonce + "&code_challenge=" + Base64Url(Sha256Bytes(*verifier)) +
         "&code_challenge_method=S256";
  return Redirect{std::move(url), std::move(*browser)};
}

Result<OidcClient::SignedIn> OidcClient::Complete(std::span<const std::string_view> purposes, const std::string& code,
                                                  const std::string& state, const std::string& browser_binding) {
  if (state.empty() || state.size() > 128 || code.empty() || code.size() > 2048) {
    return std::unexpected(Refused("the provider's answer lacks a code or state"));
  }
  const Timestamp now = clock_.Now();
  auto pending = logins_.Take(Sha256Hex(state), now);
  if (!pending) return std::unexpected(pending.error());
  if (!*pending || std::find(purposes.begin(), purposes.end(), (*pending)->purpose) == purposes.end()) {
    return std::unexpected(Refused("this sign-in is unknown, expired or already used: start again"));
  }
  if (browser_binding.empty() || browser_binding.size() > 128 ||
      Sha256Hex(browser_binding) != (*pending)->browser_hash) {
    return std::unexpected(Refused("this sign-in was started in another browser: start again"));
  }
  auto provider = Discover();
  if (!provider) return std::unexpected(provider.error());

  FetchRequest exchange{.method = http::verb::post, .url = provider->token_endpoint};
  exchange.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Accept", "application/json"},
                      {"Authorization", "Basic " + Base64Encode(FormEncode(settings_.client_id) + ":" +
                                                                FormEncode(settings_.client_secret))}};
  exchange.body = "grant_type=authorization_code&code=" + FormEncode(code) +
                  "&redirect_uri=" + FormEncode(settings_.redirect_url) +
                  "&code_verifier=" + FormEncode((*pending)->code_verifier);
  auto answer = Fetch(exchange, tls_);
  if (!answer) return std::unexpected(answer.error());
  const json tokens = json::parse(answer->body, nullptr, false);
  if (answer->status != 200 || !tokens.is_object()) {
    return std::unexpected(Refused("the provider would not exchange the code (" + std::to_string(answer->status) + ")"));
  }
  auto claims = VerifiedClaims(Text(tokens, "id_token"));
  if (!claims) return std::unexpected(claims.error());
  auto identity = CheckIdTokenClaims(*claims, {settings_.issuer, settings_.client_id, (*pending)->nonce, now});
  if (!identity) return std::unexpected(identity.error());
  return SignedIn{std::move(*identity), std::move((*pending)->purpose), std::move((*pending)->context)};
}

}  // namespace ombudsflow::service
