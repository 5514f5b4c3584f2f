// API tokens (administrators): whose each one is, who issued it and whether
// it still works; issuing one to a system (a department's integration), and
// revoking any. A person's token is never issued here: each person issues
// their own, signed in (/me/tokens). A new token is shown once, on the page
// that answers the issuing form, and never again: only its hash is stored.
#include <charconv>

#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/policy/api_token.h"

namespace ombudsflow::api::web {
namespace {

// What the issuing form was posted with: kept to be shown again when the
// service refuses it.
struct TokenForm {
  std::string name;
  std::string role = std::string(RoleName(Role::kDepartment));
  std::string department;
  std::string lifetime = std::to_string(service::kDefaultTokenLifetime.count());
};

// The service names the fields of a token ("name", "role", "department",
// "lifetime"); the form's ids say "system.".
Error ForForm(Error error) {
  for (FieldViolation& violation : error.field_violations) violation.field = "system." + violation.field;
  return error;
}

Result<service::IssuedToken> Issue(const WebServices& services, const Actor& issuer, const TokenForm& form) {
  const auto lifetime = ParseDays(form.lifetime);
  if (!lifetime) {
    return std::unexpected(InvalidArgument("the token is invalid", {{"lifetime", "must be a number of days"}}));
  }
  const auto role = ParseRole(form.role);
  if (!role) {
    return std::unexpected(InvalidArgument("the token is invalid", {{"role", "choose the role"}}));
  }
  return services.tokens.IssueForSystem(issuer.Id(), *role, form.department, form.name, *lifetime);
}

Result<Response> TokensPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                            http::status status, const TokenForm& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto users = services.users.List();
  if (!users) return std::unexpected(users.error());
  auto tokens = services.tokens.List();
  if (!tokens) return std::unexpected(tokens.error());
  const auto names = NamesByActor(*users);
  const Timestamp now = services.clock.Now();
  Data rows{Data::type::list};
  for (const auto& token : *tokens) {
    Data row = TokenRow(workplace, language, token, now, "/admin/tokens/" + UrlEscaped(token.id) + "/revoke");
    row.set("owner", token.user_id.empty() ? workplace.Text(language, "tokens_system")
                                           : NameOf(names, "user:" + token.user_id, workplace, language));
    row.set("issued_by", NameOf(names, token.issued_by, workplace, language));
    rows.push_back(row);
  }
  auto departments = DepartmentOptions(services.office, values.department);
  if (!departments) return std::unexpected(departments.error());
  Data roles{Data::type::list};
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kDepartment, Role::kAdministrator}) {
    if (!SystemMayHold(role)) continue;
    const std::string role_name(RoleName(role));
    Data option{Data::type::object};
    option.set("value", role_name);
    option.set("label", workplace.Text(language, "role_" + role_name));
    option.set("selected", role_name == values.role);
    roles.push_back(option);
  }
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/tokens");
  data.set("tokens", rows);
  data.set("no_tokens", rows.is_empty_list());
  data.set("roles", roles);
  data.set("departments", *departments);
  data.set("system_name", values.name);
  data.set("system_lifetime", values.lifetime);
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"system.name", {"system-name", "tokens_system_name", "200"}},
                                    {"system.role", {"system-role", "admin_role", "", true}},
                                    {"system.department", {"system-department", "column_department", "", true}},
                                    {"system.lifetime", {"system-lifetime", "tokens_lifetime", "", true}}}, data));
  }
  return workplace.Render(context, status, "admin_tokens", std::move(data),
                          workplace.Text(language, "tokens_title"));
}

}  // namespace

std::optional<std::chrono::days> ParseDays(std::string_view text) {
  int days = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return std::chrono::days(days);
}

void AddTokenPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/admin/tokens",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(TokensPage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/admin/tokens",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            TokenForm values;
            values.name = form->Get("system.name");
            values.role = form->Get("system.role");
            values.department = form->Get("system.department");
            values.lifetime = form->Get("system.lifetime");
            auto issued = Issue(services, *context.actor, values);
            const Language language = workplace.LanguageOf(context.request);
            if (issued) {
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/tokens");
              data.set("token", issued->token);
              data.set("expires", workplace.Date(language, issued->expires_at));
              data.set("back", "/admin/tokens");
              return workplace.Render(context, http::status::created, "admin_token_issued", std::move(data),
                                      workplace.Text(language, "tokens_issued_title"));
            }
            if (issued.error().code != ErrorCode::kInvalidArgument &&
                issued.error().code != ErrorCode::kFailedPrecondition) {
              return std::unexpected(ToProblem(issued.error()));
            }
            const Error error = ForForm(issued.error());
            return PageOrProblem(TokensPage(workplace, services, context, http::status::bad_request, values, &error));
          }));

  api.Add(http::verb::post, "/admin/tokens/{id}/revoke",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto revoked = services.tokens.Revoke(context.path.at("id"), context.actor->Id());
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, "/admin/tokens");
          }));
}

}  // namespace ombudsflow::api::web
