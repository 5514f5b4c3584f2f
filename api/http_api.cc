#include "api/http_api.h"

#include <spdlog/spdlog.h>

namespace ombudsflow::api {
namespace {

std::string AllowHeader(const std::vector<http::verb>& methods) {
  std::string allow;
  for (auto method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += std::string(http::to_string(method));
  }
  return allow;
}

}  // namespace

Response HttpApi::Handle(const Request& request) const noexcept {
  auto format = ResponseFormat(request[http::field::accept]);
  // Errors about Accept itself still need a body: JSON then.
  const Format reply_format = format.value_or(Format::kJson);
  try {
    HandlerResult result = format ? Dispatch(request, *format) : std::unexpected(format.error());
    if (result) return std::move(*result);
    Response response =
        ProblemResponse(result.error(), reply_format, request.version(), request.keep_alive());
    if (result.error().status == http::status::unauthorized) {
      response.set(http::field::www_authenticate, "Bearer realm=\"ombudsflow\"");
    }
    return response;
  } catch (const std::exception& error) {
    spdlog::error("{} {}: unhandled exception: {}", std::string(request.method_string()),
                  std::string(request.target()), error.what());
  }
  try {
    return ProblemResponse(MakeProblem(http::status::internal_server_error,
                                       ErrorCode::kInternal, "internal error"),
                           reply_format, request.version(), false);
  } catch (...) {
    // Even the error body could not be built (out of memory): answer bare.
    Response response{http::status::internal_server_error, request.version()};
    response.keep_alive(false);
    return response;
  }
}

HandlerResult HttpApi::Dispatch(const Request& request, Format format) const {
  auto target = ParseTarget(request.target());
  if (!target) {
    return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                       "the request target is malformed"));
  }
  auto match = router_.Find(request.method(), target->path);
  if (match.handler == nullptr) {
    if (match.allowed.empty()) {
      return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                         "no such resource: " + target->path));
    }
    Problem problem = MakeProblem(
        http::status::method_not_allowed, ErrorCode::kInvalidArgument,
        std::string(request.method_string()) + " is not allowed here; allowed: " +
            AllowHeader(match.allowed));
    problem.allow = AllowHeader(match.allowed);
    return std::unexpected(std::move(problem));
  }
  std::optional<Actor> actor;
  const bool token_sent = !request[http::field::authorization].empty();
  if (match.handler->requires_token || (match.handler->token_optional && token_sent)) {
    auto authenticated = Authenticate(request);
    if (!authenticated) return std::unexpected(authenticated.error());
    actor = std::move(*authenticated);
    if (limiter_ != nullptr) {
      if (auto wait = limiter_->Take("token:" + actor->token_id, clock_->Now())) {
        Problem problem = MakeProblem(http::status::too_many_requests, ErrorCode::kResourceExhausted,
                                      "this token has made too many requests: try again in " +
                                          std::to_string(wait->count()) + " s");
        problem.retry_after = *wait;
        return std::unexpected(std::move(problem));
      }
    }
  }
  RequestContext context{request, match.params, target->query, actor ? &*actor : nullptr, format};
  return match.handler->handle(context);
}

std::expected<Actor, Problem> HttpApi::Authenticate(const Request& request) const {
  const std::string_view header = request[http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.empty()) {
    return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                       "send an API token: Authorization: Bearer <token>"));
  }
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) {
    return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                       "the Authorization header must be 'Bearer <token>'"));
  }
  auto actor = tokens_.Authenticate(header.substr(kScheme.size()));
  if (!actor) return std::unexpected(ToProblem(actor.error()));
  return std::move(*actor);
}

}  // namespace ombudsflow::api
