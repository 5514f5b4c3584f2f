// The departments' webhook endpoints (administrators): adding one, its
// deliveries and dead letters, and disabling it. A signing secret is shown
// once, on the page that answers the adding form, and never again.
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

Result<Response> WebhooksPage(const Workplace& workplace, const WebServices& services,
                              const RequestContext& context, http::status status,
                              const v1::CreateWebhookEndpointRequest& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto endpoints = services.webhooks.List(*context.actor);
  if (!endpoints) return std::unexpected(endpoints.error());
  Data rows{Data::type::list};
  for (const auto& endpoint : endpoints->endpoints()) {
    Data row{Data::type::object};
    row.set("href", "/admin/webhooks/" + UrlEscaped(endpoint.id()));
    row.set("department", endpoint.department());
    row.set("url", endpoint.url());
    row.set("active", endpoint.active());
    row.set("created", workplace.Date(language, FromProto(endpoint.create_time())));
    rows.push_back(row);
  }
  auto departments = DepartmentOptions(services.office, values.department());
  if (!departments) return std::unexpected(departments.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/webhooks");
  data.set("webhooks", rows);
  data.set("no_webhooks", rows.is_empty_list());
  data.set("departments", *departments);
  data.set("url", values.url());
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"department", {"department", "column_department", "", true}},
                                    {"url", {"url", "webhooks_url", MaxLength<v1::CreateWebhookEndpointRequest>("url")}},
                                    {"secret", {"secret", "webhooks_secret",
                                                MaxLength<v1::CreateWebhookEndpointRequest>("secret")}}}, data));
  }
  return workplace.Render(context, status, "admin_webhooks", std::move(data),
                          workplace.Text(language, "admin_webhooks"));
}

Result<Response> WebhookPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                             http::status status, const std::string& reason, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  const std::string& id = context.path.at("id");
  auto endpoints = services.webhooks.List(*context.actor);
  if (!endpoints) return std::unexpected(endpoints.error());
  const auto& all = endpoints->endpoints();
  const auto endpoint = std::find_if(all.begin(), all.end(), [&](const auto& each) { return each.id() == id; });
  if (endpoint == all.end()) return std::unexpected(NotFound("no webhook endpoint " + id));
  auto deliveries = services.webhooks.Deliveries(*context.actor, id);
  if (!deliveries) return std::unexpected(deliveries.error());
  Data rows{Data::type::list};
  for (const auto& delivery : deliveries->deliveries()) {
    Data row{Data::type::object};
    row.set("webhook_id", delivery.webhook_id());
    row.set("state", workplace.Text(language, "delivery_" + v1::WebhookDelivery::State_Name(delivery.state())));
    row.set("dead", delivery.state() == v1::WebhookDelivery::DEAD_LETTER);
    row.set("attempts", std::to_string(delivery.attempts()));
    if (delivery.has_last_attempt_time()) {
      row.set("last_attempt", workplace.DateTime(language, FromProto(delivery.last_attempt_time())));
    }
    if (delivery.last_status() != 0) row.set("last_status", std::to_string(delivery.last_status()));
    SetText(row, "last_error", delivery.last_error());
    rows.push_back(row);
  }
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/webhooks");
  data.set("department", endpoint->department());
  data.set("url", endpoint->url());
  data.set("active", endpoint->active());
  SetText(data, "disabled_reason", endpoint->disabled_reason());
  data.set("disable_action", "/admin/webhooks/" + UrlEscaped(id) + "/disable");
  data.set("reason", reason);
  data.set("deliveries", rows);
  data.set("no_deliveries", rows.is_empty_list());
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"reason", {"reason", "office_reason", MaxLength<v1::DisableWebhookEndpointRequest>("reason")}}}, data));
  }
  return workplace.Render(context, status, "admin_webhook", std::move(data),
                          workplace.Text(language, "admin_deliveries") + " – " + endpoint->department());
}

}  // namespace

void AddWebhookPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/admin/webhooks",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(WebhooksPage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/admin/webhooks",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::CreateWebhookEndpointRequest request;
            request.set_department(form->Get("department"));
            request.set_url(form->Get("url"));
            request.set_secret(form->Get("secret"));
            auto created = services.webhooks.Create(*context.actor, request);
            const Language language = workplace.LanguageOf(context.request);
            if (created) {
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin/webhooks");
              data.set("department", created->department());
              data.set("url", created->url());
              data.set("secret", created->secret());
              return workplace.Render(context, http::status::created, "admin_webhook_created", std::move(data),
                                      workplace.Text(language, "webhooks_created_title"));
            }
            if (created.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(created.error()));
            request.clear_secret();  // a secret is never written back into a page
            return PageOrProblem(WebhooksPage(workplace, services, context, http::status::bad_request, request,
                                     &created.error()));
          }));

  api.Add(http::verb::get, "/admin/webhooks/{id}",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(WebhookPage(workplace, services, context, http::status::ok, "", nullptr));
          }));

  api.Add(http::verb::post, "/admin/webhooks/{id}/disable",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::DisableWebhookEndpointRequest request;
            request.set_reason(form->Get("reason"));
            auto disabled = services.webhooks.Disable(*context.actor, context.path.at("id"), request);
            if (disabled) return SeeOther(context.request, "/admin/webhooks/" + UrlEscaped(context.path.at("id")));
            if (disabled.error().code != ErrorCode::kInvalidArgument) {
              return std::unexpected(ToProblem(disabled.error()));
            }
            return PageOrProblem(WebhookPage(workplace, services, context, http::status::bad_request, request.reason(),
                                    &disabled.error()));
          }));
}

}  // namespace ombudsflow::api::web
