#include "api/handlers/transition_handlers.h"

#include <charconv>

namespace ombudsflow::api {

std::expected<std::optional<std::uint32_t>, Problem> ParseIfMatch(std::string_view header) {
  if (header.empty()) return std::nullopt;
  std::string_view text = header;
  if (text.starts_with("W/")) text.remove_prefix(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  std::uint32_t version = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc{} || end != text.data() + text.size() || version == 0) {
    return std::unexpected(Problem{http::status::bad_request,
                                   InvalidArgument("If-Match must be the case version, e.g. \"7\"",
                                                   {{"If-Match", "is not a case version"}})});
  }
  return version;
}

void AddTransitionRoutes(HttpApi& api, service::TransitionService& transitions) {
  api.Add(http::verb::get, "/v1/complaints/{id}/transitions",
          {[&transitions](const RequestContext& context) -> HandlerResult {
            auto listed = transitions.List(*context.actor, context.path.at("id"));
            if (!listed) return std::unexpected(ToProblem(listed.error()));
            Response response = context.Reply(http::status::ok, *listed);
            response.set(http::field::etag, "\"" + std::to_string(listed->version()) + "\"");
            return response;
          }});

  api.Add(http::verb::post, "/v1/complaints/{id}/transitions",
          {[&transitions](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::TransitionRequest>(context);
            if (!request) return std::unexpected(request.error());
            auto fired = transitions.Fire(*context.actor, context.path.at("id"), std::move(*request));
            if (!fired) return std::unexpected(ToProblem(fired.error()));
            Response response = context.Reply(http::status::ok, *fired);
            response.set(http::field::etag, "\"" + std::to_string(fired->version()) + "\"");
            return response;
          }});

  api.Add(http::verb::get, "/v1/complaints/{id}/events",
          {[&transitions](const RequestContext& context) -> HandlerResult {
            auto events = transitions.Events(*context.actor, context.path.at("id"));
            if (!events) return std::unexpected(ToProblem(events.error()));
            return context.Reply(http::status::ok, *events);
          }});
}

HandlerResult CaseReply(const RequestContext& context, const Result<v1::Complaint>& changed) {
  if (!changed) return std::unexpected(ToProblem(changed.error()));
  Response response = context.Reply(http::status::ok, *changed);
  response.set(http::field::etag, "\"" + std::to_string(changed->version()) + "\"");
  return response;
}

}  // namespace ombudsflow::api
