// A person's own API tokens (everyone signed in): the ones they have,
// issuing one for themselves and revoking one. A token carries the person's
// role and is issued only by the person, signed in with a session: nobody
// else, and no other token, can make one (TokenService::IssueOwn).
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

struct OwnTokenForm {
  std::string label;
  std::string lifetime = std::to_string(service::kDefaultTokenLifetime.count());
};

Result<service::IssuedToken> Issue(const WebServices& services, const Actor& self, const OwnTokenForm& form) {
  const auto lifetime = ParseDays(form.lifetime);
  if (!lifetime) {
    return std::unexpected(InvalidArgument("the token is invalid", {{"lifetime", "must be a number of days"}}));
  }
  return services.tokens.IssueOwn(self, form.label, *lifetime);
}

Result<Response> OwnTokensPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                               http::status status, const OwnTokenForm& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto tokens = services.tokens.ListOwn(*context.actor);
  if (!tokens) return std::unexpected(tokens.error());
  const Timestamp now = services.clock.Now();
  Data rows{Data::type::list};
  for (const auto& token : *tokens) {
    rows.push_back(TokenRow(workplace, language, token, now, "/me/tokens/" + UrlEscaped(token.id) + "/revoke"));
  }
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/me/tokens");
  data.set("tokens", rows);
  data.set("no_tokens", rows.is_empty_list());
  data.set("label", values.label);
  data.set("lifetime", values.lifetime);
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"label", {"label", "tokens_label", "200"}},
                                    {"lifetime", {"lifetime", "tokens_lifetime", "", true}}}, data));
  }
  return workplace.Render(context, status, "own_tokens", std::move(data), workplace.Text(language, "own_tokens_title"));
}

}  // namespace

void AddOwnTokenPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/me/tokens",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(OwnTokensPage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/me/tokens",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const OwnTokenForm values{form->Get("label"), form->Get("lifetime")};
            auto issued = Issue(services, *context.actor, values);
            const Language language = workplace.LanguageOf(context.request);
            if (issued) {
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/me/tokens");
              data.set("token", issued->token);
              data.set("expires", workplace.Date(language, issued->expires_at));
              data.set("back", "/me/tokens");
              return workplace.Render(context, http::status::created, "admin_token_issued", std::move(data),
                                      workplace.Text(language, "tokens_issued_title"));
            }
            if (issued.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(issued.error()));
            Error error = issued.error();
            for (FieldViolation& violation : error.field_violations) {
              if (violation.field == "name") violation.field = "label";
            }
            return PageOrProblem(
                OwnTokensPage(workplace, services, context, http::status::bad_request, values, &error));
          }));

  api.Add(http::verb::post, "/me/tokens/{id}/revoke",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto revoked = services.tokens.RevokeOwn(*context.actor, context.path.at("id"));
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, "/me/tokens");
          }));
}

}  // namespace ombudsflow::api::web
