#include "api/handlers/session_handlers.h"

#include <google/protobuf/util/time_util.h>

#include "api/cookies.h"
#include "ombudsflow/v1/sessions.pb.h"

namespace ombudsflow::api {
namespace {

using google::protobuf::util::TimeUtil;

// Binds an OIDC sign-in to the browser that started it.
constexpr std::string_view kOidcCookie = "ombudsflow_oidc";

v1::Session SessionOf(const Actor& actor) {
  v1::Session session;
  session.set_user_id(actor.user_id);
  session.set_display_name(actor.name);
  session.set_role(std::string(RoleName(actor.role)));
  session.set_department(actor.department);
  return session;
}

// A session's answers are the signed-in person's own: never cached.
Response Private(Response response) {
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace

void AddSessionRoutes(HttpApi& api, service::SessionService& sessions, SessionRouteOptions options) {
  api.AcceptSessions(sessions);

  Endpoint sign_in{[&sessions, options](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::SignInRequest>();
    if (!request) return std::unexpected(request.error());
    auto started = sessions.SignIn(request->email(), request->password(), std::string(context.peer));
    if (!started) {
      Problem problem = ToProblem(started.error());
      // Locked out for the failure window; a busy password hasher, a moment.
      if (started.error().code == ErrorCode::kResourceExhausted) {
        problem.retry_after = service::PasswordHasher::IsBusy(started.error())
                                  ? service::PasswordHasher::kRetryAfter
                                  : sessions.settings().failure_window;
      }
      return std::unexpected(std::move(problem));
    }
    const Actor actor = started->user.AsActor();
    v1::Session session = SessionOf(actor);
    session.set_email(started->user.email);
    session.set_csrf_token(started->csrf_token);
    *session.mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(started->expires_at));
    // Answered as the person who just signed in sees it.
    const RequestContext as_user{context.request, context.path, context.query, &actor,
                                 context.response_format, context.peer, started->id};
    Response response = Private(as_user.Reply(http::status::created, session));
    response.set(http::field::set_cookie,
                 SessionSetCookie(kSessionCookie, started->id, sessions.settings().absolute_timeout,
                                  options.secure_cookies));
    return response;
  }};
  api.Add(http::verb::post, "/v1/sessions", std::move(sign_in));

  api.Add(http::verb::get, "/v1/sessions/current", {[](const RequestContext& context) -> HandlerResult {
    v1::Session session = SessionOf(*context.actor);
    if (!context.session_id.empty()) {
      session.set_csrf_token(service::SessionService::CsrfToken(context.session_id));
    }
    return Private(context.Reply(http::status::ok, session));
  }});

  api.Add(http::verb::delete_, "/v1/sessions/current",
          {[&sessions, options](const RequestContext& context) -> HandlerResult {
            if (context.session_id.empty()) {
              return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                                 "this request has no session to end: revoke a token with "
                                                 "`ombudsflow token revoke`"));
            }
            if (auto ended = sessions.SignOut(context.session_id); !ended) {
              return std::unexpected(ToProblem(ended.error()));
            }
            Response response{http::status::no_content, context.request.version()};
            response.keep_alive(context.request.keep_alive());
            response.set(http::field::set_cookie,
                         SessionSetCookie(kSessionCookie, "", std::chrono::seconds(0), options.secure_cookies));
            return Private(std::move(response));
          }});
}

void AddOidcRoutes(HttpApi& api, service::OidcService* oidc, const service::SessionService& sessions,
                   SessionRouteOptions options) {
  const auto not_configured = [] {
    return MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                       "sign-in with an identity provider is not configured here (serve --oidc-issuer)");
  };
  api.Add(http::verb::get, "/v1/auth/oidc/login",
          {[oidc, not_configured, options](const RequestContext& context) -> HandlerResult {
    if (oidc == nullptr) return std::unexpected(not_configured());
    auto redirect = oidc->Begin();
    if (!redirect) return std::unexpected(ToProblem(redirect.error()));
    Response response{http::status::found, context.request.version()};
    response.keep_alive(context.request.keep_alive());
    response.set(http::field::location, redirect->url);
    // Binds the sign-in to this browser (SameSite=Lax: it comes back with
    // the provider's top-level redirect, not with another site's request).
    response.set(http::field::set_cookie, SessionSetCookie(kOidcCookie, redirect->browser_binding,
                                                           std::chrono::minutes(10), options.secure_cookies));
    response.prepare_payload();
    return Private(std::move(response));
  }});

  api.Add(http::verb::get, "/v1/auth/oidc/callback",
          {[oidc, &sessions, options, not_configured](const RequestContext& context) -> HandlerResult {
            if (oidc == nullptr) return std::unexpected(not_configured());
            const auto param = [&](const char* name) {
              auto found = context.query.find(name);
              return found == context.query.end() ? std::string() : found->second;
            };
            if (!param("error").empty()) {
              return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                                 "the identity provider did not sign you in: " +
                                                     param("error").substr(0, 100)));
            }
            const auto binding = CookieValue(context.request[http::field::cookie], kOidcCookie);
            auto started = oidc->Complete(param("code"), param("state"), std::string(binding.value_or("")));
            if (!started) return std::unexpected(ToProblem(started.error()));
            Response response{http::status::see_other, context.request.version()};
            response.keep_alive(context.request.keep_alive());
            response.set(http::field::location, options.after_sign_in);
            response.set(http::field::set_cookie,
                         SessionSetCookie(kSessionCookie, started->id, sessions.settings().absolute_timeout,
                                          options.secure_cookies));
            response.insert(http::field::set_cookie,
                            SessionSetCookie(kOidcCookie, "", std::chrono::seconds(0), options.secure_cookies));
            response.prepare_payload();
            return Private(std::move(response));
          }});
}

}  // namespace ombudsflow::api
