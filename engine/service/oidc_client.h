#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/asio/ssl/context.hpp>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/id_token.h"
#include "engine/store/oidc_store.h"

namespace ombudsflow::service {

/// An identity provider, as this server is registered with it.
struct OidcSettings {
  std::string issuer;         // e.g. https://login.microsoftonline.com/<tenant>/v2.0
  std::string client_id;
  std::string client_secret;
  std::string redirect_url;   // https://ombudsflow.example/v1/auth/oidc/callback
  std::string scope = "openid email profile";
  std::chrono::seconds login_ttl{std::chrono::minutes(10)};
};

/// OpenID Connect's authorization code flow with PKCE (S256), the protocol
/// alone: who signs in, not what it lets them do. Discovery, keys and the
/// code exchange go over Beast's client; ID tokens are verified with
/// libcjose (signature by the provider's published key, asymmetric
/// algorithms only) and then by their claims: issuer, audience, expiry,
/// nonce. Each sign-in carries its purpose, so that one begun for one door
/// never completes at another's.
class OidcClient {
 public:
  OidcClient(OidcSettings settings, store::OidcStore& logins, const Clock& clock);
  ~OidcClient();

  /// Where the provider sends people back, once the server knows its own
  /// address; before serving, never while.
  void SetRedirectUrl(std::string url) { settings_.redirect_url = std::move(url); }
  [[nodiscard]] const OidcSettings& settings() const { return settings_; }

  /// A sign-in just started: where to send the browser, and the value of
  /// the cookie that binds the sign-in to it.
  struct Redirect {
    std::string url;
    std::string browser_binding;
  };

  /// Starts a sign-in for `purpose` (see store::PendingLogin) about
  /// `context`: remembers a fresh state, nonce, PKCE verifier and browser
  /// binding, and returns the provider's authorization URL.
  [[nodiscard]] Result<Redirect> Begin(std::string_view purpose, std::string_view context);

  /// Who signed in, and what the sign-in was begun for.
  struct SignedIn {
    IdTokenIdentity identity;
    std::string purpose;
    std::string context;
  };

  /// Completes the sign-in for one of `purposes` the provider redirected back with,
  /// in the browser that presents `browser_binding` (from its cookie). The
  /// state is used up whatever happens next. kUnauthenticated for an
  /// unknown, used or expired state, one begun for another purpose, a
  /// sign-in started in another browser (login CSRF), and any ID token
  /// that fails verification; kUnavailable when the provider cannot be
  /// reached.
  [[nodiscard]] Result<SignedIn> Complete(std::span<const std::string_view> purposes, const std::string& code,
                                          const std::string& state, const std::string& browser_binding);

 private:
  struct Provider {
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
  };

  Result<Provider> Discover();
  // The provider's keys (a JWK set); fetched again, at most once a minute,
  // when a token names a key not in it.
  Result<std::string> Keys(bool refresh);
  Result<std::string> VerifiedClaims(const std::string& id_token);

  OidcSettings settings_;
  store::OidcStore& logins_;
  const Clock& clock_;
  boost::asio::ssl::context tls_;
  std::mutex mutex_;
  std::optional<Provider> provider_;
  std::string keys_;
  std::optional<Timestamp> keys_fetched_;
};

}  // namespace ombudsflow::service
