#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/session_service.h"
#include "engine/store/oidc_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::service {

/// The municipality's identity provider, as this server is registered with it.
struct OidcSettings {
  std::string issuer;         // e.g. https://login.microsoftonline.com/<tenant>/v2.0
  std::string client_id;
  std::string client_secret;
  std::string redirect_url;   // https://ombudsflow.example/v1/auth/oidc/callback
  std::chrono::seconds login_ttl{std::chrono::minutes(10)};
};

/// OpenID Connect sign-in: the authorization code flow with PKCE (S256).
/// Discovery, keys and the code exchange go over Beast's client; ID tokens
/// are verified with libcjose (signature by the provider's published key,
/// asymmetric algorithms only) and then by their claims: issuer, audience,
/// expiry, nonce. People are matched by `sub`, or on their first sign-in by
/// verified e-mail; nobody gets an account by signing in.
class OidcService {
 public:
  OidcService(OidcSettings settings, store::OidcStore& logins, store::UserStore& users, SessionService& sessions,
              const Clock& clock);
  ~OidcService();

  /// Where the provider sends people back, once the server knows its own
  /// address; before serving, never while.
  void SetRedirectUrl(std::string url) { settings_.redirect_url = std::move(url); }

  /// A sign-in just started: where to send the browser, and the value of
  /// the cookie that binds the sign-in to it.
  struct Redirect {
    std::string url;
    std::string browser_binding;
  };

  /// Starts a sign-in: remembers a fresh state, nonce, PKCE verifier and
  /// browser binding, and returns the provider's authorization URL.
  [[nodiscard]] Result<Redirect> Begin();

  /// Completes the sign-in the provider redirected back with, in the
  /// browser that presents `browser_binding` (from its cookie). The state is
  /// used up whatever happens next. kUnauthenticated for an unknown, used or
  /// expired state, a sign-in started in another browser (login CSRF), and
  /// for any ID token that fails verification;
  /// kPermissionDenied for a person without an active account;
  /// kUnavailable when the provider cannot be reached.
  [[nodiscard]] Result<StartedSession> Complete(const std::string& code, const std::string& state,
                                                const std::string& browser_binding);

 private:
  struct Provider {
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
  };

  Result<Provider> Discover();
  // The provider's keys (a JWKS document); fetched again, at most once a
  // minute, when a token names a key not in it.
  Result<std::string> Keys(bool refresh);
  Result<std::string> VerifiedClaims(const std::string& id_token);

  OidcSettings settings_;
  store::OidcStore& logins_;
  store::UserStore& users_;
  SessionService& sessions_;
  const Clock& clock_;
  boost::asio::ssl::context tls_;
  std::mutex mutex_;
  std::optional<Provider> provider_;
  std::string keys_;
  std::optional<Timestamp> keys_fetched_;
};

}  // namespace ombudsflow::service
