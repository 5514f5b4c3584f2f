#pragma once

#include "api/http_api.h"
#include "engine/service/transition_service.h"

namespace ombudsflow::api {

/// GET and POST /v1/complaints/{id}/transitions, GET /v1/complaints/{id}/events.
void AddTransitionRoutes(HttpApi& api, service::TransitionService& transitions);

/// The version in an If-Match header: "7", W/"7" or 7. nullopt when the
/// header is absent; a 400 Problem when it is not a version.
[[nodiscard]] std::expected<std::optional<std::uint32_t>, Problem> ParseIfMatch(std::string_view header);

/// The body as T, with its expected_version taken from If-Match when sent;
/// a 400 when both are sent and disagree.
template <class T>
[[nodiscard]] std::expected<T, Problem> VersionedBody(const RequestContext& context) {
  auto body = context.Body<T>();
  if (!body) return body;
  auto if_match = ParseIfMatch(context.request[http::field::if_match]);
  if (!if_match) return std::unexpected(if_match.error());
  if (*if_match) {
    // Two versions that disagree: which did the caller see?
    if (body->expected_version() != 0 && body->expected_version() != **if_match) {
      return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                         "If-Match names version " + std::to_string(**if_match) +
                                             " but the body's expectedVersion is " +
                                             std::to_string(body->expected_version()) + ": send one"));
    }
    body->set_expected_version(**if_match);
  }
  return body;
}

/// The changed case as the answer, with its version as the ETag.
[[nodiscard]] HandlerResult CaseReply(const RequestContext& context, const Result<v1::Complaint>& changed);

}  // namespace ombudsflow::api
