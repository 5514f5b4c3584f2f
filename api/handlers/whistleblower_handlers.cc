#include "api/handlers/whistleblower_handlers.h"

#include <google/protobuf/util/time_util.h>

#include "api/problem.h"
#include "ombudsflow/v1/documents.pb.h"

namespace ombudsflow::api {

void AddWhistleblowerRoutes(HttpApi& api, service::WhistleblowerService& channel) {
  api.Add(http::verb::post, "/v1/complaints/{id}/reporter-identity:reveal",
          {[&channel](const RequestContext& context) -> HandlerResult {
            auto identity = channel.Reveal(*context.actor, context.path.at("id"));
            if (!identity) return std::unexpected(ToProblem(identity.error()));
            v1::ReporterIdentity response;
            response.set_name(identity->name);
            response.set_contact(identity->contact);
            Response reply = context.Reply(http::status::ok, response);
            reply.set(http::field::cache_control, "no-store");
            return reply;
          }});
  api.Add(http::verb::get, "/v1/whistleblower-designees", {[&channel](const RequestContext& context) -> HandlerResult {
            auto designees = channel.Designees(*context.actor);
            if (!designees) return std::unexpected(ToProblem(designees.error()));
            v1::ListWhistleblowerDesigneesResponse response;
            for (const auto& designee : *designees) {
              auto& row = *response.add_designees();
              row.set_user_id(designee.user_id);
              row.set_display_name(designee.display_name);
              row.set_designated_by(designee.designated_by);
              *row.mutable_designate_time() =
                  google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(designee.designated_at));
            }
            return context.Reply(http::status::ok, response);
          }});
  api.Add(http::verb::put, "/v1/whistleblower-designees/{user_id}",
          {[&channel](const RequestContext& context) -> HandlerResult {
            if (auto done = channel.Designate(*context.actor, context.path.at("user_id")); !done) {
              return std::unexpected(ToProblem(done.error()));
            }
            return Response(http::status::no_content, context.request.version());
          }});
  api.Add(http::verb::delete_, "/v1/whistleblower-designees/{user_id}",
          {[&channel](const RequestContext& context) -> HandlerResult {
            if (auto done = channel.Undesignate(*context.actor, context.path.at("user_id")); !done) {
              return std::unexpected(ToProblem(done.error()));
            }
            return Response(http::status::no_content, context.request.version());
          }});
}

}  // namespace ombudsflow::api
