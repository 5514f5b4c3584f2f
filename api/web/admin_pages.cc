// Administration of people (administrators): who has an account, with what
// role and in what state; creating one, and deactivating one (never
// oneself). The administrator never chooses a password: a new account
// comes with a one-time link for its person to set their own, shown once.
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

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
  if (error != nullptr) data.set("errors", ErrorSummary(*error));
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
            if (created) {
              const Language language = workplace.LanguageOf(context.request);
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin");
              data.set("name", created->user.display_name);
              data.set("email", created->user.email);
              data.set("link", workplace.AbsoluteUrl(context.request,
                                                     "/set-password?token=" + UrlEscaped(created->secret)));
              data.set("expires", workplace.DateTime(language, created->expires_at));
              return workplace.Render(context, http::status::created, "admin_user_created", std::move(data),
                                      workplace.Text(language, "admin_user_created_title"));
            }
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
