// Signing in and out, and choosing the language.
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "api/cookies.h"
#include "engine/core/base/hex.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

// Before a session exists, the sign-in form is tied to the browser by a
// value in both a cookie and the form (double submit), so another site
// cannot sign a visitor in as someone else.
constexpr std::string_view kSignInCookie = "ombudsflow_signin";

std::string RandomHex() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for the sign-in form");
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool SignInFormMatches(const Request& request, std::string_view presented) {
  const auto cookie = CookieValue(request[http::field::cookie], kSignInCookie);
  return cookie && cookie->size() == 32 && presented.size() == 32 &&
         CRYPTO_memcmp(cookie->data(), presented.data(), 32) == 0;
}

Response SignInPage(const Workplace& workplace, const Request& request, http::status status,
                    const std::string& next, const std::string& email, const std::string& error_key) {
  const Language language = workplace.LanguageOf(request);
  Data data = workplace.PageData(request, nullptr, {}, "/sign-in");
  const std::string form_token = RandomHex();
  data.set("csrf", form_token);
  data.set("next", next);
  data.set("email", email);
  if (!error_key.empty()) {
    Data errors{Data::type::list};
    Data entry{Data::type::object};
    entry.set("id", "email");
    entry.set("message", workplace.Text(language, error_key));
    errors.push_back(entry);
    data.set("errors", errors);
  }
  Response response =
      workplace.Render(request, status, "sign_in", std::move(data), workplace.Text(language, "sign_in_title"));
  response.set(http::field::set_cookie, std::string(kSignInCookie) + "=" + form_token +
                                            "; Path=/sign-in; HttpOnly; SameSite=Strict" +
                                            (workplace.options().secure_cookies ? "; Secure" : ""));
  return response;
}

}  // namespace

void AddSignInPages(HttpApi& api, const Workplace& workplace, service::SessionService& sessions) {
  api.Add(http::verb::get, "/sign-in", Page([&workplace](const RequestContext& context) -> HandlerResult {
            auto next = context.query.find("next");
            return SignInPage(workplace, context.request, http::status::ok,
                              LocalPath(next == context.query.end() ? "/" : next->second), {}, {});
          }));

  api.Add(http::verb::post, "/sign-in",
          Page([&workplace, &sessions](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string next = LocalPath(form->Get("next"));
            const std::string email = form->Get("email");
            if (!SignInFormMatches(context.request, form->Get("_csrf"))) {
              return SignInPage(workplace, context.request, http::status::forbidden, next, {}, "sign_in_form_expired");
            }
            if (email.size() > 254 || form->Get("password").size() > 1024) {
              return SignInPage(workplace, context.request, http::status::unauthorized, next, {},
                                "sign_in_failed");
            }
            auto started = sessions.SignIn(email, form->Get("password"), std::string(context.peer));
            if (!started) {
              const bool locked = started.error().code == ErrorCode::kResourceExhausted;
              // A busy password hasher: again in a moment; a lockout lasts the window.
              const bool busy = service::PasswordHasher::IsBusy(started.error());
              Response page = SignInPage(workplace, context.request,
                                         locked ? http::status::too_many_requests : http::status::unauthorized,
                                         next, email,
                                         !locked ? "sign_in_failed" : busy ? "sign_in_busy" : "sign_in_locked");
              if (locked) {
                page.set(http::field::retry_after,
                         std::to_string(busy ? service::PasswordHasher::kRetryAfter.count()
                                             : sessions.settings().failure_window.count()));
              }
              return page;
            }
            Response response =
                SeeOther(context.request, next == "/" ? HomeFor(started->user.role) : next);
            response.set(http::field::set_cookie,
                         SessionSetCookie(kSessionCookie, started->id, sessions.settings().absolute_timeout,
                                          workplace.options().secure_cookies));
            return response;
          }));

  api.Add(http::verb::post, "/sign-out", Page([&sessions, &workplace](const RequestContext& context) -> HandlerResult {
            if (!context.session_id.empty()) {
              if (auto ended = sessions.SignOut(context.session_id); !ended) {
                return std::unexpected(ToProblem(ended.error()));
              }
            }
            Response response = SeeOther(context.request, "/sign-in");
            response.set(http::field::set_cookie, SessionSetCookie(kSessionCookie, "", std::chrono::seconds(0),
                                                                   workplace.options().secure_cookies));
            return response;
          }));

  // Choosing a language changes nothing but a cookie, so a plain link will do.
  api.Add(http::verb::get, "/language", Page([&workplace](const RequestContext& context) -> HandlerResult {
            auto lang = context.query.find("lang");
            auto next = context.query.find("next");
            const std::string chosen = lang != context.query.end() && lang->second == "en" ? "en" : "da";
            Response response = SeeOther(context.request, LocalPath(next == context.query.end() ? "/" : next->second));
            response.set(http::field::set_cookie,
                         std::string(kLanguageCookie) + "=" + chosen + "; Path=/; Max-Age=31536000; SameSite=Lax" +
                             (workplace.options().secure_cookies ? "; Secure" : ""));
            return response;
          }));
}

}  // namespace ombudsflow::api::web
