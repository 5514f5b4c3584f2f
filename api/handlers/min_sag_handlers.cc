#include "api/handlers/min_sag_handlers.h"

#include "api/handlers/case_document_handlers.h"
#include "api/problem.h"

namespace ombudsflow::api {

void AddMinSagRoutes(HttpApi& api, service::CaseDocumentService& documents, service::MinSagService& min_sag) {
  api.Add(http::verb::post, "/v1/complaints/{id}/citizen-messages",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto request = context.Body<v1::WriteToCitizenRequest>();
            if (!request) return std::unexpected(request.error());
            const std::string& complaint_id = context.path.at("id");
            const std::string key(context.request["Idempotency-Key"]);
            auto outcome = documents.KeepMessage(*context.actor, complaint_id, request->text(),
                                                 key);
            if (!outcome) return std::unexpected(ToProblem(outcome.error()));
            Response response =
                context.Reply(outcome->created ? http::status::created : http::status::ok, outcome->document);
            response.set(http::field::location, "/v1/complaints/" + complaint_id + "/documents/" + outcome->document.id());
            if (!outcome->created) response.set("Idempotent-Replayed", "true");
            return response;
          }});
  api.Add(http::verb::post, "/v1/complaints/{id}/citizen-links:revoke",
          {[&min_sag](const RequestContext& context) -> HandlerResult {
            auto revoked = min_sag.Revoke(*context.actor, context.path.at("id"));
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            v1::RevokeCitizenLinksResponse response;
            response.set_revoked(static_cast<std::uint32_t>(*revoked));
            return context.Reply(http::status::ok, response);
          }});
}

}  // namespace ombudsflow::api
