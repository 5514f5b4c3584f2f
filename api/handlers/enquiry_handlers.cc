#include "api/handlers/enquiry_handlers.h"

namespace ombudsflow::api {

void AddEnquiryRoutes(HttpApi& api, service::EnquiryService& enquiries) {
  api.Add(http::verb::post, "/v1/enquiries", {[&enquiries](const RequestContext& context) -> HandlerResult {
            auto request = context.Body<v1::RecordEnquiryRequest>();
            if (!request) return std::unexpected(request.error());
            auto recorded = enquiries.Record(*context.actor, std::move(*request));
            if (!recorded) return std::unexpected(ToProblem(recorded.error()));
            return context.Reply(http::status::created, *recorded);
          }});
  api.Add(http::verb::get, "/v1/enquiries", {[&enquiries](const RequestContext& context) -> HandlerResult {
            auto listed = enquiries.List(*context.actor);
            if (!listed) return std::unexpected(ToProblem(listed.error()));
            return context.Reply(http::status::ok, *listed);
          }});
  api.Add(http::verb::get, "/v1/enquiries/{id}", {[&enquiries](const RequestContext& context) -> HandlerResult {
            auto found = enquiries.Find(*context.actor, context.path.at("id"));
            if (!found) return std::unexpected(ToProblem(found.error()));
            return context.Reply(http::status::ok, *found);
          }});
}

}  // namespace ombudsflow::api
