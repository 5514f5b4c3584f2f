#include "api/handlers/consent_handlers.h"

#include "api/handlers/transition_handlers.h"

namespace ombudsflow::api {
void AddConsentRoutes(HttpApi& api, service::ConsentService& consents) {
  api.Add(http::verb::post, "/v1/complaints/{id}/consents",
          {[&consents](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::RecordConsentRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, consents.Record(*context.actor, context.path.at("id"), *request));
          }});

  api.Add(http::verb::post, "/v1/complaints/{id}/consents/{consent_id}:confirm",
          {[&consents](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::ConfirmConsentRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, consents.Confirm(*context.actor, context.path.at("id"),
                                                       context.path.at("consent_id"), *request));
          }});

  api.Add(http::verb::post, "/v1/complaints/{id}/consents/{consent_id}:revoke",
          {[&consents](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::RevokeConsentRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, consents.Revoke(*context.actor, context.path.at("id"),
                                                      context.path.at("consent_id"), *request));
          }});
}

void AddHotlineRoutes(HttpApi& api, service::HotlineService& hotline) {
  api.Add(http::verb::post, "/v1/hotline-contacts/{id}:convert",
          {[&hotline](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::ConvertHotlineContactRequest>(context);
            if (!request) return std::unexpected(request.error());
            auto converted = hotline.Convert(*context.actor, context.path.at("id"), *request);
            if (!converted) return std::unexpected(ToProblem(converted.error()));
            Response response = context.Reply(http::status::ok, *converted);
            response.set(http::field::location, "/v1/complaints/" + converted->complaint().id());
            return response;
          }});
}

void AddAssignmentRoutes(HttpApi& api, service::AssignmentService& assignments) {
  api.Add(http::verb::post, "/v1/complaints/{id}:assign",
          {[&assignments](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::AssignComplaintRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, assignments.Assign(*context.actor, context.path.at("id"), *request));
          }});

  api.Add(http::verb::post, "/v1/complaints/{id}:return-for-correction",
          {[&assignments](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::ReturnForCorrectionRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, assignments.ReturnForCorrection(*context.actor, context.path.at("id"),
                                                                      request->drafter_id(), request->comment(),
                                                                      request->expected_version()));
          }});
}

void AddClassificationRoutes(HttpApi& api, service::ClassificationService& classification) {
  api.Add(http::verb::post, "/v1/complaints/{id}:classify",
          {[&classification](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::ClassifyComplaintRequest>(context);
            if (!request) return std::unexpected(request.error());
            return CaseReply(context, classification.Classify(*context.actor, context.path.at("id"), *request));
          }});
}

}  // namespace ombudsflow::api
