#include "api/handlers/office_handlers.h"
#include "api/list_params.h"

namespace ombudsflow::api {
namespace {

template <class T>
HandlerResult Ok(const RequestContext& context, const Result<T>& result,
                 http::status status = http::status::ok) {
  if (!result) return std::unexpected(ToProblem(result.error()));
  return context.Reply(status, *result);
}

}  // namespace

void AddOfficeRoutes(HttpApi& api, service::OfficeService& office) {
  api.Add(http::verb::post, "/v1/delegations", {[&office](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::CreateDelegationRequest>();
    if (!request) return std::unexpected(request.error());
    return Ok(context, office.Delegate(*context.actor, *request), http::status::created);
  }});
  api.Add(http::verb::get, "/v1/delegations", {[&office](const RequestContext& context) -> HandlerResult {
    return Ok(context, office.Delegations(*context.actor));
  }});
  api.Add(http::verb::post, "/v1/delegations/{id}:revoke", {[&office](const RequestContext& context) -> HandlerResult {
    return Ok(context, office.RevokeDelegation(*context.actor, context.path.at("id")));
  }});

  api.Add(http::verb::get, "/v1/publication-hold", {[&office](const RequestContext& context) -> HandlerResult {
    return Ok(context, office.Hold(*context.actor));
  }});
  api.Add(http::verb::post, "/v1/publication-hold", {[&office](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::SetPublicationHoldRequest>();
    if (!request) return std::unexpected(request.error());
    return Ok(context, office.SetHold(*context.actor, *request));
  }});
  api.Add(http::verb::post, "/v1/publication-hold:lift", {[&office](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::LiftPublicationHoldRequest>();
    if (!request) return std::unexpected(request.error());
    return Ok(context, office.LiftHold(*context.actor, *request));
  }});
}

void AddAlertRoutes(HttpApi& api, service::AlertService& alerts) {
  api.Add(http::verb::get, "/v1/alerts", {[&alerts](const RequestContext& context) -> HandlerResult {
    return Ok(context, alerts.Open(*context.actor));
  }});
  api.Add(http::verb::post, "/v1/alerts/{id}:resolve", {[&alerts](const RequestContext& context) -> HandlerResult {
    return Ok(context, alerts.Resolve(*context.actor, context.path.at("id")));
  }});
}

void AddPublicationRoutes(HttpApi& api, service::PublicationService& publications) {
  Endpoint list{[&publications](const RequestContext& context) -> HandlerResult {
    auto query = ParsePublicationQuery(context.query);
    if (!query) return std::unexpected(ToProblem(query.error()));
    auto listed = publications.List(context.actor, *query);
    if (!listed) return std::unexpected(ToProblem(listed.error()));
    return context.Reply(http::status::ok, WithPageToken(std::move(*listed)));
  }};
  api.Add(http::verb::get, "/v1/publications", std::move(list));
}

}  // namespace ombudsflow::api
