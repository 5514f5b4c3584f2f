// Administration (administrators): the people with their roles and state,
// deactivating one, and the departments' webhook endpoints with their
// deliveries and dead letters. Webhook secrets are never shown again after
// they are created.
#include <google/protobuf/util/time_util.h>

#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

void AddAdminPages(HttpApi& api, const Workplace& workplace, const WebServices& services,
                   service::WebhookService& webhooks) {
  api.Add(http::verb::get, "/admin", Page([&workplace, services, &webhooks](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            auto users = services.users.List();
            if (!users) return std::unexpected(ToProblem(users.error()));
            Data people{Data::type::list};
            for (const auto& user : *users) {
              Data row{Data::type::object};
              row.set("id", user.id);
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
            auto endpoints = webhooks.List(*context.actor);
            if (!endpoints) return std::unexpected(ToProblem(endpoints.error()));
            Data hooks{Data::type::list};
            for (const auto& endpoint : endpoints->endpoints()) {
              Data row{Data::type::object};
              row.set("href", "/admin/webhooks/" + UrlEscaped(endpoint.id()));
              row.set("department", endpoint.department());
              row.set("url", endpoint.url());
              row.set("active", endpoint.active());
              row.set("created", workplace.Date(language, FromProto(endpoint.create_time())));
              hooks.push_back(row);
            }
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin");
            data.set("people", people);
            data.set("webhooks", hooks);
            data.set("no_webhooks", hooks.is_empty_list());
            return workplace.Render(context, http::status::ok, "admin", std::move(data),
                                    workplace.Text(language, "admin_title"));
          }));

  api.Add(http::verb::post, "/admin/users/{id}/deactivate",
          Page([services](const RequestContext& context) -> HandlerResult {
            if (context.path.at("id") == context.actor->user_id) {
              return std::unexpected(MakeProblem(http::status::unprocessable_entity, ErrorCode::kFailedPrecondition,
                                                 "you cannot deactivate your own account"));
            }
            auto deactivated = services.users.Deactivate(context.path.at("id"));
            if (!deactivated) return std::unexpected(ToProblem(deactivated.error()));
            return SeeOther(context.request, "/admin");
          }));

  api.Add(http::verb::get, "/admin/webhooks/{id}",
          Page([&workplace, &webhooks](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            auto deliveries = webhooks.Deliveries(*context.actor, context.path.at("id"));
            if (!deliveries) return std::unexpected(ToProblem(deliveries.error()));
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
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/admin");
            data.set("deliveries", rows);
            data.set("no_deliveries", rows.is_empty_list());
            return workplace.Render(context, http::status::ok, "admin_webhook", std::move(data),
                                    workplace.Text(language, "admin_deliveries"));
          }));
}

}  // namespace ombudsflow::api::web
