#include "api/handlers/webhook_handlers.h"

namespace ombudsflow::api {

void AddWebhookRoutes(HttpApi& api, service::WebhookService& webhooks) {
  api.Add(http::verb::post, "/v1/webhook-endpoints",
          {[&webhooks](const RequestContext& context) -> HandlerResult {
            auto request = context.Body<v1::CreateWebhookEndpointRequest>();
            if (!request) return std::unexpected(request.error());
            auto created = webhooks.Create(*context.actor, *request);
            if (!created) return std::unexpected(ToProblem(created.error()));
            Response response = context.Reply(http::status::created, *created);
            response.set(http::field::location, "/v1/webhook-endpoints/" + created->id());
            // The secret is in this answer only: keep it out of caches.
            response.set(http::field::cache_control, "no-store");
            return response;
          }});

  api.Add(http::verb::get, "/v1/webhook-endpoints",
          {[&webhooks](const RequestContext& context) -> HandlerResult {
            auto listed = webhooks.List(*context.actor);
            if (!listed) return std::unexpected(ToProblem(listed.error()));
            return context.Reply(http::status::ok, *listed);
          }});

  api.Add(http::verb::post, "/v1/webhook-endpoints/{id}:disable",
          {[&webhooks](const RequestContext& context) -> HandlerResult {
            auto request = context.Body<v1::DisableWebhookEndpointRequest>();
            if (!request) return std::unexpected(request.error());
            auto disabled = webhooks.Disable(*context.actor, context.path.at("id"), *request);
            if (!disabled) return std::unexpected(ToProblem(disabled.error()));
            return context.Reply(http::status::ok, *disabled);
          }});

  api.Add(http::verb::get, "/v1/webhook-endpoints/{id}/deliveries",
          {[&webhooks](const RequestContext& context) -> HandlerResult {
            auto deliveries = webhooks.Deliveries(*context.actor, context.path.at("id"));
            if (!deliveries) return std::unexpected(ToProblem(deliveries.error()));
            return context.Reply(http::status::ok, *deliveries);
          }});
}

}  // namespace ombudsflow::api
