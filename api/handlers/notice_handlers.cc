#include "api/handlers/notice_handlers.h"
#include "api/list_params.h"

namespace ombudsflow::api {

void AddNoticeRoutes(HttpApi& api, service::NoticeService& notices) {
  api.Add(http::verb::get, "/v1/notices", {[&notices](const RequestContext& context) -> HandlerResult {
    auto query = ParseNoticeQuery(context.query);
    if (!query) return std::unexpected(ToProblem(query.error()));
    auto listed = notices.List(*context.actor, std::move(*query));
    if (!listed) return std::unexpected(ToProblem(listed.error()));
    return context.Reply(http::status::ok, WithPageToken(std::move(*listed)));
  }});

  api.Add(http::verb::get, "/v1/notices/{id}", {[&notices](const RequestContext& context) -> HandlerResult {
    auto notice = notices.Get(*context.actor, context.path.at("id"));
    if (!notice) return std::unexpected(ToProblem(notice.error()));
    return context.Reply(http::status::ok, *notice);
  }});

  api.Add(http::verb::post, "/v1/notices/{id}:acknowledge",
          {[&notices](const RequestContext& context) -> HandlerResult {
            // The body is optional: an empty one acknowledges without a comment.
            v1::AcknowledgeNoticeRequest request;
            if (!context.request.body().empty()) {
              auto body = context.Body<v1::AcknowledgeNoticeRequest>();
              if (!body) return std::unexpected(body.error());
              request = std::move(*body);
            }
            auto notice = notices.Acknowledge(*context.actor, context.path.at("id"), request);
            if (!notice) return std::unexpected(ToProblem(notice.error()));
            return context.Reply(http::status::ok, *notice);
          }});
}

}  // namespace ombudsflow::api
