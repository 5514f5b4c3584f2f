#include "api/handlers/health_handlers.h"

#include "ombudsflow/v1/health.pb.h"

namespace ombudsflow::api {

void AddHealthRoutes(HttpApi& api, store::Database& database) {
  api.Add(http::verb::get, "/healthz", {.handle = [](const RequestContext& context) -> HandlerResult {
    v1::HealthStatus status;
    status.set_status("ok");
    return context.Reply(http::status::ok, status);
  }, .from_memory = true});

  api.Add(http::verb::get, "/readyz", {[&database](const RequestContext& context) -> HandlerResult {
    if (auto ping = database.Ping(); !ping) return std::unexpected(ToProblem(ping.error()));
    v1::HealthStatus status;
    status.set_status("ok");
    return context.Reply(http::status::ok, status);
  }});
}

}  // namespace ombudsflow::api
