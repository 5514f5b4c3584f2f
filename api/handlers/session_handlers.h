#pragma once

#include "api/http_api.h"
#include "engine/service/oidc_service.h"
#include "engine/service/session_service.h"

namespace ombudsflow::api {

struct SessionRouteOptions {
  // Mark the cookie Secure: the server runs behind TLS (or is told so).
  bool secure_cookies = false;
  // Where a browser goes after signing in with the identity provider.
  std::string after_sign_in = "/";
};

/// Local sign-in and web sessions: POST /v1/sessions (e-mail and password;
/// sets the HttpOnly session cookie), GET /v1/sessions/current (who is
/// signed in, and the CSRF token), DELETE /v1/sessions/current (signs out
/// on every server). Also makes `api` accept the session cookie.
void AddSessionRoutes(HttpApi& api, service::SessionService& sessions, SessionRouteOptions options);

/// Sign-in with the identity provider: GET /v1/auth/oidc/login redirects
/// there (302); the provider sends the browser back to GET
/// /v1/auth/oidc/callback, which sets the session cookie and redirects on
/// (303), or answers 401/403 with the reason. Without `oidc` (none is
/// configured) both answer 404 saying so.
void AddOidcRoutes(HttpApi& api, service::OidcService* oidc, const service::SessionService& sessions,
                   SessionRouteOptions options);

}  // namespace ombudsflow::api
