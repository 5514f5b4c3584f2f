#include "api/handlers/complaint_handlers.h"

namespace ombudsflow::api {

void AddComplaintRoutes(HttpApi& api, service::ComplaintService& complaints) {
  api.Add(http::verb::post, "/v1/complaints", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto request = context.Body<v1::CreateComplaintRequest>();
    if (!request) return std::unexpected(request.error());
    auto registered = complaints.Register(*context.actor, *request,
                                          std::string(context.request["Idempotency-Key"]));
    if (!registered) return std::unexpected(ToProblem(registered.error()));
    Response response = context.Reply(http::status::created, registered->complaint);
    response.set(http::field::location, "/v1/complaints/" + registered->complaint.id());
    response.set(http::field::etag, "\"" + std::to_string(registered->complaint.version()) + "\"");
    if (!registered->created) response.set("Idempotent-Replayed", "true");
    return response;
  }});

  api.Add(http::verb::get, "/v1/complaints/{id}", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto complaint = complaints.Get(*context.actor, context.path.at("id"));
    if (!complaint) return std::unexpected(ToProblem(complaint.error()));
    Response response = context.Reply(http::status::ok, *complaint);
    response.set(http::field::etag, "\"" + std::to_string(complaint->version()) + "\"");
    return response;
  }});

  api.Add(http::verb::get, "/v1/complaints", {[&complaints](const RequestContext& context) -> HandlerResult {
    auto page = complaints.List(*context.actor, context.query);
    if (!page) return std::unexpected(ToProblem(page.error()));
    return context.Reply(http::status::ok, *page);
  }});
}

}  // namespace ombudsflow::api
