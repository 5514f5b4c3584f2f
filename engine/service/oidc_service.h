#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/oidc_client.h"
#include "engine/service/session_service.h"
#include "engine/store/oidc_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::service {

/// Staff sign in with the municipality's identity provider. People are
/// matched by `sub`, or on their first sign-in by verified e-mail; nobody
/// gets an account by signing in.
class OidcService {
 public:
  OidcService(OidcSettings settings, store::OidcStore& logins, store::UserStore& users, SessionService& sessions,
              const Clock& clock);

  void SetRedirectUrl(std::string url) { client_.SetRedirectUrl(std::move(url)); }

  using Redirect = OidcClient::Redirect;

  /// Starts a sign-in: the provider's authorization URL and the browser's
  /// binding cookie.
  [[nodiscard]] Result<Redirect> Begin();

  /// Completes it (OidcClient::Complete), and starts the person's session.
  /// kPermissionDenied for a person without an active account.
  [[nodiscard]] Result<StartedSession> Complete(const std::string& code, const std::string& state,
                                                const std::string& browser_binding);

 private:
  OidcClient client_;
  store::UserStore& users_;
  SessionService& sessions_;
};

}  // namespace ombudsflow::service
