// API tokens (administrators): whose each one is and whether it still
// works; issuing one to a person or to a system, and revoking one. A new
// token is shown once, on the page that answers the issuing form, and
// never again: only its hash is stored.
#include <charconv>

#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

// What the issuing forms were posted with: kept to be shown again when
// the service refuses them.
struct TokenForm {
  std::string kind;  // "person" or "system"
  std::string user_id;
  std::string label;
  std::string role;
  std::string department;
  std::string lifetime = std::to_string(service::kDefaultTokenLifetime.count());
};

std::optional<std::chrono::days> ParseDays(std::string_view text) {
  int days = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return std::chrono::days(days);
}

// The service names the fields of a token ("name", "department",
// "lifetime"); the page has two forms, so each field's id says which.
Error ForForm(Error error, const std::string& kind) {
  for (FieldViolation& violation : error.field_violations) {
    if (kind == "person" && violation.field == "name") violation.field = "label";
    violation.field = kind + "." + violation.field;
  }
  return error;
}

Result<service::IssuedToken> Issue(const WebServices& services, const TokenForm& form) {
  const auto lifetime = ParseDays(form.lifetime);
  if (!lifetime) {
    return std::unexpected(InvalidArgument("the token is invalid", {{"lifetime", "must be a number of days"}}));
  }
  if (form.kind == "person") {
    if (form.user_id.empty()) {
      return std::unexpected(InvalidArgument("the token is invalid", {{"user", "choose the person"}}));
    }
    auto user = services.users.Find(form.user_id);
    if (!user || user->id != form.user_id) {
      if (!user && user.error().code != ErrorCode::kNotFound) return std::unexpected(user.error());
      return std::unexpected(InvalidArgument("the token is invalid", {{"user", "is not a known person"}}));
    }
    return services.tokens.IssueForUser(*user, form.label, *lifetime);
  }
  const auto role = ParseRole(form.role);
  if (!role) {
    return std::unexpected(InvalidArgument("the token is invalid", {{"role", "choose the role"}}));
  }
  return services.tokens.Issue(*role, form.department, form.label, *lifetime);
}

Result<Response> TokensPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                            http::status status, const TokenForm& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto users = services.users.List();
  if (!users) return std::unexpected(users.error());
  auto tokens = services.tokens.List();
  if (!tokens) return std::unexpected(tokens.error());
  std::map<std::string, std::string> names;
  Data people{Data::type::list};
  for (const auto& user : *users) {
    names[user.id] = user.display_name;
    if (!user.active) continue;
    Data option{Data::type::object};
    option.set("value", user.id);
    option.set("label", user.display_name + " (" + user.email + ")");
    option.set("selected", values.kind == "person" && user.id == values.user_id);
    people.push_back(option);
  }
  const Timestamp now = services.clock.Now();
  Data rows{Data::type::list};
  for (const auto& token : *tokens) {
    Data row{Data::type::object};
    row.set("name", token.name);
    const auto owner = names.find(token.user_id);
    row.set("owner", token.user_id.empty()     ? workplace.Text(language, "tokens_system")
                     : owner != names.end() ? owner->second
                                            : workplace.Text(language, "actor_unknown"));
    row.set("role", workplace.Text(language, "role_" + std::string(RoleName(token.role))));
    SetText(row, "department", token.department);
    row.set("created", workplace.Date(language, token.created_at));
    row.set("expires", workplace.Date(language, token.expires_at));
    const bool valid = !token.revoked_at && token.expires_at > now;
    row.set("state", workplace.Text(language, token.revoked_at      ? "tokens_revoked"
                                              : token.expires_at <= now ? "tokens_expired"
                                                                        : "tokens_valid"));
    row.set("can_revoke", valid);
    row.set("revoke_action", "/admin/tokens/" + UrlEscaped(token.id) + "/revoke");
    rows.push_back(row);
  }
  auto departments = DepartmentOptions(services.office, values.kind == "system" ? values.department : "");
  if (!departments) return std::unexpected(departments.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/tokens");
  data.set("tokens", rows);
  data.set("no_tokens", rows.is_empty_list());
  data.set("people", people);
  data.set("roles", RoleOptions(workplace, language, values.kind == "system" ? values.role : ""));
  data.set("departments", *departments);
  const bool person = values.kind == "person";
  const std::string fresh_lifetime = TokenForm{}.lifetime;
  data.set("person_label", person ? values.label : "");
  data.set("person_lifetime", person ? values.lifetime : fresh_lifetime);
  data.set("system_name", person ? "" : values.label);
  data.set("system_lifetime", person || values.kind.empty() ? fresh_lifetime : values.lifetime);
  if (error != nullptr) data.set("errors", ErrorSummary(*error));
  return workplace.Render(context, status, "admin_tokens", std::move(data),
                          workplace.Text(language, "tokens_title"));
}

}  // namespace

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
            values.kind = form->Get("kind") == "person" ? "person" : "system";
            const std::string& kind = values.kind;
            values.user_id = form->Get(kind + ".user");
            values.label = form->Get(kind == "person" ? "person.label" : "system.name");
            values.role = form->Get("system.role");
            values.department = form->Get("system.department");
            values.lifetime = form->Get(kind + ".lifetime");
            auto issued = Issue(services, values);
            const Language language = workplace.LanguageOf(context.request);
            if (issued) {
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/tokens");
              data.set("token", issued->token);
              data.set("expires", workplace.Date(language, issued->expires_at));
              return workplace.Render(context, http::status::created, "admin_token_issued", std::move(data),
                                      workplace.Text(language, "tokens_issued_title"));
            }
            if (issued.error().code != ErrorCode::kInvalidArgument &&
                issued.error().code != ErrorCode::kFailedPrecondition) {
              return std::unexpected(ToProblem(issued.error()));
            }
            const Error error = ForForm(issued.error(), kind);
            return PageOrProblem(TokensPage(workplace, services, context, http::status::bad_request, values, &error));
          }));

  api.Add(http::verb::post, "/admin/tokens/{id}/revoke",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto revoked = services.tokens.Revoke(context.path.at("id"));
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, "/admin/tokens");
          }));
}

}  // namespace ombudsflow::api::web
