#include "api/handlers/complaint_handlers.h"
#include "api/list_params.h"

namespace ombudsflow::api {
namespace {

// 201 with the new case, where to find it and its version; a replayed
// idempotent request says so.
HandlerResult Created(const RequestContext& context, Result<service::Registration> registered) {
  if (!registered) return std::unexpected(ToProblem(registered.error()));
  Response response = context.Reply(http::status::created, registered->complaint);
  response.set(http::field::location, "/v1/complaints/" + registered->complaint.id());
  response.set(http::field::etag, "\"" + std::to_string(registered->complaint.version()) + "\"");
  if (!registered->created) response.set("Idempotent-Replayed", "true");
  return response;
}

std::string IdempotencyKey(const RequestContext& context) {
  return std::string(context.request["Idempotency-Key"]);
}

}  // namespace

void AddComplaintRoutes(HttpApi& api, service::ComplaintService& complaints) {
  api.Add(http::verb::post, "/v1/complaints", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::CreateComplaintRequest>();
    if (!request) return std::unexpected(request.error());
    return Created(context, complaints.Register(*context.actor, *request, IdempotencyKey(context)));
  }});

  api.Add(http::verb::post, "/v1/investigations", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::CreateInvestigationRequest>();
    if (!request) return std::unexpected(request.error());
    return Created(context,
                   complaints.RegisterInvestigation(*context.actor, *request, IdempotencyKey(context)));
  }});

  api.Add(http::verb::post, "/v1/hotline-contacts", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::CreateHotlineContactRequest>();
    if (!request) return std::unexpected(request.error());
    return Created(context,
                   complaints.RegisterHotlineContact(*context.actor, *request, IdempotencyKey(context)));
  }});

  api.Add(http::verb::get, "/v1/complaints/{id}", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto complaint = complaints.Get(*context.actor, context.path.at("id"));
    if (!complaint) return std::unexpected(ToProblem(complaint.error()));
    Response response = context.Reply(http::status::ok, *complaint);
    response.set(http::field::etag, "\"" + std::to_string(complaint->version()) + "\"");
    return response;
  }});

  api.Add(http::verb::get, "/v1/complaints", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto query = ParseComplaintQuery(context.query);
    if (!query) return std::unexpected(ToProblem(query.error()));
    auto listed = complaints.List(*context.actor, std::move(*query));
    if (!listed) return std::unexpected(ToProblem(listed.error()));
    return context.Reply(http::status::ok, WithPageToken(std::move(*listed)));
  }});
}

}  // namespace ombudsflow::api
