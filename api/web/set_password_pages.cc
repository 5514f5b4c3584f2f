// Setting one's own password with a one-time link (public): the link an
// administrator or the operator handed on when the account was made. The
// link's secret is all the page needs: it is worth nothing used, expired
// or guessed (32 random bytes), and nobody else ever sees the password.
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

Response SetPasswordPage(const Workplace& workplace, const Request& request, http::status status,
                         const std::string& secret, const store::UserRecord* user, const Error* error) {
  const Language language = workplace.LanguageOf(request);
  Data data = workplace.PageData(request, nullptr, {}, "/set-password");
  if (user != nullptr) {
    data.set("form", true);
    data.set("token", secret);
    data.set("name", user->display_name);
    data.set("email", user->email);
  } else {
    data.set("form", false);
  }
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(request), *error,
                                   {{"password", {"password", "set_password_new"}}}, data));
  }
  return workplace.Render(request, status, "set_password", std::move(data),
                          workplace.Text(language, "set_password_title"));
}

}  // namespace

void AddSetPasswordPages(HttpApi& api, const Workplace& workplace, service::UserService& users) {
  api.Add(http::verb::get, "/set-password",
          Page([&workplace, &users](const RequestContext& context) -> HandlerResult {
            const auto token = context.query.find("token");
            const std::string secret = token == context.query.end() ? std::string() : token->second;
            auto user = users.PasswordLinkHolder(secret);
            if (!user && user.error().code != ErrorCode::kNotFound) return std::unexpected(ToProblem(user.error()));
            return SetPasswordPage(workplace, context.request, user ? http::status::ok : http::status::not_found,
                                   secret, user ? &*user : nullptr, nullptr);
          }));

  api.Add(http::verb::post, "/set-password",
          Page([&workplace, &users](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string secret = form->Get("token");
            auto set = users.SetPasswordWithLink(secret, form->Get("password"));
            if (set) {
              const Language language = workplace.LanguageOf(context.request);
              Data data = workplace.PageData(context.request, nullptr, {}, "/set-password");
              data.set("done", true);
              data.set("email", set->email);
              return workplace.Render(context.request, http::status::ok, "set_password", std::move(data),
                                      workplace.Text(language, "set_password_title"));
            }
            if (set.error().code == ErrorCode::kNotFound) {
              return SetPasswordPage(workplace, context.request, http::status::not_found, secret, nullptr, nullptr);
            }
            if (set.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(set.error()));
            // Refused before the link was used: the form again, for the same person.
            auto user = users.PasswordLinkHolder(secret);
            if (!user) {
              return SetPasswordPage(workplace, context.request, http::status::not_found, secret, nullptr, nullptr);
            }
            return SetPasswordPage(workplace, context.request, http::status::bad_request, secret, &*user, &set.error());
          }));
}

}  // namespace ombudsflow::api::web
