// Administration of people (administrators): who has an account, with what
// role and in what state; creating one, and deactivating one (never
// oneself). The administrator never chooses a password, and never sees
// the one-time link a person sets their own with: it goes to the person's
// e-mail address, and otherwise the operator's shell makes one.
#include <kainjow/mustache.hpp>

#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

// `key`'s text in `language` with the link's facts filled in. Plain text:
// nothing in it is escaped.
std::string MailText(const Workplace& workplace, Language language, const std::string& key,
                     const service::PasswordLink& link, const std::string& url) {
  kainjow::mustache::data data;
  data.set("name", link.user.display_name);
  data.set("link", url);
  data.set("expires", workplace.DateTime(language, link.expires_at));
  kainjow::mustache::mustache text(workplace.Text(language, key));
  return text.render(data);
}

// Sends the link to its person, in Danish with English below; "sent",
// "failed" or "no_mail", for the page to say which.
std::string MailPasswordLink(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                             const service::PasswordLink& link) {
  if (services.mail == nullptr) return "no_mail";
  const std::string url = workplace.AbsoluteUrl(context.request, "/set-password?token=" + UrlEscaped(link.secret));
  const auto now = services.clock.Now();
  const service::MailMessage message{
      .to = link.user.email,
      .subject = MailText(workplace, Language::kDanish, "password_mail_subject", link, url) + " / " +
                 MailText(workplace, Language::kEnglish, "password_mail_subject", link, url),
      .text = MailText(workplace, Language::kDanish, "password_mail_text", link, url) + "\n\n-- \n\n" +
              MailText(workplace, Language::kEnglish, "password_mail_text", link, url),
      .id = "password-link-" + link.user.id + "-" +
            std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count())};
  return services.mail->Send(message, now) ? "sent" : "failed";
}

// The page after a link was made: whether it went out, never the link.
Response LinkSentPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                      http::status status, const service::PasswordLink& link, bool new_account) {
  const Language language = workplace.LanguageOf(context.request);
  const std::string outcome = MailPasswordLink(workplace, services, context, link);
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin");
  data.set("name", link.user.display_name);
  data.set("email", link.user.email);
  data.set("expires", workplace.DateTime(language, link.expires_at));
  data.set(outcome, true);
  data.set("new_account", new_account);
  data.set("resend_action", "/admin/users/" + UrlEscaped(link.user.id) + "/password-link");
  const std::string title = new_account ? "admin_user_created_title" : "admin_link_title";
  return workplace.Render(context, status, "admin_user_created", std::move(data), workplace.Text(language, title));
}

Result<Response> PeoplePage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                            http::status status, const service::UserSpec& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto users = services.users.List();
  if (!users) return std::unexpected(users.error());
  Data people{Data::type::list};
  for (const auto& user : *users) {
    Data row{Data::type::object};
    row.set("name", user.display_name);
    row.set("email", user.email);
    row.set("role", workplace.Text(language, "role_" + std::string(RoleName(user.role))));
    SetText(row, "department", user.department);
    row.set("active", user.active);
    row.set("created", workplace.Date(language, user.created_at));
    row.set("can_deactivate", user.active && user.id != context.actor->user_id);
    row.set("deactivate_action", "/admin/users/" + UrlEscaped(user.id) + "/deactivate");
    row.set("link_action", "/admin/users/" + UrlEscaped(user.id) + "/password-link");
    people.push_back(row);
  }
  auto departments = DepartmentOptions(services.office, values.department);
  if (!departments) return std::unexpected(departments.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin");
  data.set("people", people);
  data.set("roles", RoleOptions(workplace, language, values.role));
  data.set("departments", *departments);
  data.set("display_name", values.display_name);
  data.set("email", values.email);
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"display_name", {"display_name", "intake_name", "200"}},
                                    {"email", {"email", "email", "254"}},
                                    {"role", {"role", "admin_role", "", true}},
                                    {"department", {"department", "column_department", "", true}}}, data));
  }
  return workplace.Render(context, status, "admin", std::move(data), workplace.Text(language, "admin_title"));
}

}  // namespace

void AddAdminPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/admin", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(PeoplePage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/admin/users", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const service::UserSpec spec{.display_name = form->Get("display_name"),
                                         .email = form->Get("email"),
                                         .role = form->Get("role"),
                                         .department = form->Get("department")};
            auto created = services.users.Create(spec, context.actor->Id());
            if (created) return LinkSentPage(workplace, services, context, http::status::created, *created, true);
            if (created.error().code != ErrorCode::kInvalidArgument &&
                created.error().code != ErrorCode::kAlreadyExists) {
              return std::unexpected(ToProblem(created.error()));
            }
            Error error = created.error();
            if (error.code == ErrorCode::kAlreadyExists && error.field_violations.empty()) {
              error.field_violations.push_back({"email", error.message});
            }
            return PageOrProblem(PeoplePage(workplace, services, context,
                                   error.code == ErrorCode::kAlreadyExists ? http::status::conflict
                                                                           : http::status::bad_request,
                                   spec, &error));
          }));

  api.Add(http::verb::post, "/admin/users/{id}/password-link",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            // By id only, as for deactivation.
            auto user = services.users.Find(context.path.at("id"));
            if (!user && user.error().code != ErrorCode::kNotFound) return std::unexpected(ToProblem(user.error()));
            if (!user || user->id != context.path.at("id")) {
              return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound, "no such person"));
            }
            auto link = services.users.NewPasswordLink(user->id, context.actor->Id());
            if (!link) return std::unexpected(ToProblem(link.error()));
            return LinkSentPage(workplace, services, context, http::status::ok, *link, false);
          }));

  api.Add(http::verb::post, "/admin/users/{id}/deactivate",
          Page([services](const RequestContext& context) -> HandlerResult {
            // By id only: the service also finds people by e-mail.
            auto user = services.users.Find(context.path.at("id"));
            if (!user && user.error().code != ErrorCode::kNotFound) return std::unexpected(ToProblem(user.error()));
            if (!user || user->id != context.path.at("id")) {
              return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound, "no such person"));
            }
            if (user->id == context.actor->user_id) {
              return std::unexpected(MakeProblem(http::status::unprocessable_entity, ErrorCode::kFailedPrecondition,
                                                 "you cannot deactivate your own account"));
            }
            auto deactivated = services.users.Deactivate(user->id, context.actor->Id());
            if (!deactivated) return std::unexpected(ToProblem(deactivated.error()));
            return SeeOther(context.request, "/admin#people");
          }));
}

}  // namespace ombudsflow::api::web
