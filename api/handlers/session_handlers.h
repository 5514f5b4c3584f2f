#pragma once

#include "api/http_api.h"
#include "engine/service/session_service.h"

namespace ombudsflow::api {

struct SessionRouteOptions {
  // Mark the cookie Secure: the server runs behind TLS (or is told so).
  bool secure_cookies = false;
};

/// Local sign-in and web sessions: POST /v1/sessions (e-mail and password;
/// sets the HttpOnly session cookie), GET /v1/sessions/current (who is
/// signed in, and the CSRF token), DELETE /v1/sessions/current (signs out
/// on every server). Also makes `api` accept the session cookie.
void AddSessionRoutes(HttpApi& api, service::SessionService& sessions, SessionRouteOptions options);

}  // namespace ombudsflow::api
