#include "api/http_api.h"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

#include "api/cookies.h"
#include "engine/core/base/hex.h"

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

// The CSRF token a request shows: the X-CSRF-Token header, or an HTML
// form's `_csrf` field.
std::string CsrfTokenOf(const Request& request) {
  if (const std::string_view header = request["X-CSRF-Token"]; !header.empty()) return std::string(header);
  const std::string_view type = request[http::field::content_type];
  // An upload's body is read only once its caller is known (AdmitsUpload):
  // its form carries the token in its action's query instead.
  if (type.starts_with("multipart/form-data")) {
    const std::optional<Target> target = ParseTarget(request.target());
    if (!target) return {};
    const auto field = target->query.find("_csrf");
    return field == target->query.end() ? std::string() : field->second;
  }
  if (!type.starts_with("application/x-www-form-urlencoded")) return {};
  auto form = ParseQuery(request.body());
  if (!form) return {};
  auto field = form->find("_csrf");
  return field == form->end() ? std::string() : field->second;
}

std::string ForwardedFor(const Request& request) {
  std::string joined;
  for (auto [at, end] = request.equal_range("X-Forwarded-For"); at != end; ++at) {
    if (!joined.empty()) joined += ',';
    joined += at->value();
  }
  return joined;
}

void MarkCookiesSecure(Response& response) {
  std::vector<std::string> cookies;
  for (auto [at, end] = response.equal_range(http::field::set_cookie); at != end; ++at) {
    cookies.push_back(WithSecure(at->value()));
  }
  if (cookies.empty()) return;
  response.erase(http::field::set_cookie);
  for (const std::string& cookie : cookies) response.insert(http::field::set_cookie, cookie);
}

}  // namespace

std::string RequestIdOf(const Request& request) {
  const std::string_view given = request["X-Request-Id"];
  const bool usable = !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-';
  });
  if (usable) return std::string(given);
  // An id ties log lines together; it guards nothing, so it need not come
  // from the CSPRNG (whose fork check and lock cost more than the rest of a
  // health check). Each thread's generator is seeded from it once, so ids
  // neither repeat across servers nor count the requests.
  thread_local std::mt19937_64 generator = [] {
    std::array<std::uint64_t, 4> seed{};
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), sizeof seed) != 1) {
      seed[0] = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    }
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  const std::array<std::uint64_t, 2> bytes{generator(), generator()};
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), sizeof bytes));
}

Response HttpApi::Handle(const Request& request, std::string_view peer, BodyFiles* files) const noexcept {
  return HandleAs(request, peer, files, nullptr);
}

std::optional<Response> HttpApi::HandleFromMemory(const Request& request, std::string_view peer) const noexcept {
  try {
    const std::optional<Target> target = ParseTarget(request.target());
    if (!target) return std::nullopt;
    const Match match = router_.Find(request.method(), target->path);
    if (match.handler == nullptr || !match.handler->from_memory || match.handler->policy == nullptr) {
      return std::nullopt;
    }
    if (!NeedsCaller(*match.handler->policy, request)) return HandleAs(request, peer, nullptr, nullptr);
    // A session is read from the database; a token perhaps only from memory.
    constexpr std::string_view kScheme = "Bearer ";
    const std::string_view header = request[http::field::authorization];
    if (!header.starts_with(kScheme)) return std::nullopt;
    std::optional<Actor> actor = tokens_.Remembered(header.substr(kScheme.size()));
    if (!actor) return std::nullopt;
    const Caller known{std::move(*actor), {}};
    return HandleAs(request, peer, nullptr, &known);
  } catch (...) {
    return std::nullopt;  // Handle, on a worker, answers it and says what went wrong
  }
}

Response HttpApi::HandleAs(const Request& request, std::string_view peer, BodyFiles* files,
                           const Caller* known) const noexcept {
  const auto started = std::chrono::steady_clock::now();
  Trace trace;
  ClientOrigin origin;
  std::string_view client = peer;
  try {
    trace.request_id = RequestIdOf(request);
    // The server has no TLS listener: TLS ends at a proxy, which says so.
    origin = OriginOf(peer, /*tls=*/false, ForwardedFor(request), request["X-Forwarded-Proto"], proxies_);
    client = origin.address;
  } catch (const std::exception& error) {
    spdlog::error("request {}: reading its forwarding headers failed: {}", trace.request_id, error.what());
  } catch (...) {
    spdlog::error("request {}: reading its forwarding headers failed", trace.request_id);
  }
  Response response = Answer(request, client, trace, files, known);
  try {
    // Every answer, JSON, page, file or error: a browser is never to guess
    // a type that could run.
    response.set("X-Content-Type-Options", "nosniff");
    if (origin.https) MarkCookiesSecure(response);
    const std::string& request_id = trace.request_id;
    response.set("X-Request-Id", request_id);
    if (observer_) {
      // A method Beast does not know is whatever the client wrote: never a label.
      const std::string_view method =
          request.method() == http::verb::unknown ? std::string_view("OTHER") : http::to_string(request.method());
      observer_(RequestRecord{method, trace.route, response.result_int(),
                              std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started),
                              trace.actor, request_id});
    }
  } catch (const std::exception& error) {
    spdlog::error("request {}: observing it failed: {}", trace.request_id, error.what());
  } catch (...) {
    spdlog::error("request {}: observing it failed", trace.request_id);
  }
  return response;
}

Response HttpApi::Answer(const Request& request, std::string_view peer, Trace& trace, BodyFiles* files,
                         const Caller* known) const noexcept {
  try {
    const std::optional<Target> target = ParseTarget(request.target());
    Match match = target ? router_.Find(request.method(), target->path) : Match{};
    if (match.handler != nullptr) {
      trace.route = match.handler->policy != nullptr ? std::string_view(match.handler->policy->pattern) : "unpoliced";
    }
    const bool page = match.handler != nullptr ? match.handler->page
                                               : target && !target->path.starts_with("/v1/");
    if (page && page_errors_) {
      if (match.handler == nullptr) return page_errors_(request, Unmatched(request, target, match).error(), nullptr, {});
      return HandlePage(trace, request, *target, match, peer, files, known);
    }
    return HandleApi(trace, request, target, match, peer, files, known);
  } catch (const std::exception& error) {
    spdlog::error("request {} ({} {}): unhandled exception: {}", trace.request_id, std::string(request.method_string()),
                  std::string(trace.route), error.what());
  } catch (...) {
    // Anything thrown that is not a std::exception: still a 500, never a
    // terminate() from this noexcept function.
    spdlog::error("request {} ({} {}): unhandled exception of an unknown type", trace.request_id,
                  std::string(request.method_string()), std::string(trace.route));
  }
  try {
    const Format reply_format = ResponseFormat(request[http::field::accept]).value_or(Format::kJson);
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

// A failure on the server's side (5xx), with the request id the client
// was answered with, so one report leads to its line.
void HttpApi::LogServerSide(const Trace& trace, const Problem& problem) {
  const unsigned status = static_cast<unsigned>(problem.status);
  if (status < 500) return;
  // A 503 (the database away, a pool exhausted) is a condition, not a fault.
  spdlog::log(status == 500 ? spdlog::level::err : spdlog::level::warn, "request {} ({}): {} {}", trace.request_id,
              trace.route, status, problem.error.message);
}

Response HttpApi::HandleApi(Trace& trace, const Request& request, const std::optional<Target>& target,
                            const Match& match, std::string_view peer, BodyFiles* files,
                            const Caller* known) const {
  auto format = ResponseFormat(request[http::field::accept], match.handler != nullptr && match.handler->csv);
  // Errors about Accept itself still need a body: JSON then; errors of a
  // route that answers CSV too.
  const Format reply_format = format.value_or(Format::kJson) == Format::kCsv ? Format::kJson : format.value_or(Format::kJson);
  std::optional<Caller> caller;
  HandlerResult result = !format                         ? std::unexpected(format.error())
                         : match.handler == nullptr     ? Unmatched(request, target, match)
                                                        : Dispatch(trace, request, *target, match, *format, peer, caller, files, known);
  if (result) return std::move(*result);
  LogServerSide(trace, result.error());
  Response response = ProblemResponse(result.error(), reply_format, request.version(), request.keep_alive());
  if (result.error().status == http::status::unauthorized) {
    response.set(http::field::www_authenticate, "Bearer realm=\"ombudsflow\"");
  }
  return response;
}

Response HttpApi::HandlePage(Trace& trace, const Request& request, const Target& target, const Match& match,
                             std::string_view peer, BodyFiles* files, const Caller* known) const {
  std::optional<Caller> caller;
  HandlerResult result = Dispatch(trace, request, target, match, Format::kJson, peer, caller, files, known);
  if (result) return std::move(*result);
  LogServerSide(trace, result.error());
  return page_errors_(request, result.error(), caller ? &caller->actor : nullptr,
                      caller ? std::string_view(caller->session_id) : std::string_view());
}

HandlerResult HttpApi::Unmatched(const Request& request, const std::optional<Target>& target,
                                 const Match& match) const {
  if (!target) {
    return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                       "the request target is malformed"));
  }
  if (match.allowed.empty()) {
    return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                       "no such resource: " + target->path));
  }
  Problem problem = MakeProblem(
      http::status::method_not_allowed, ErrorCode::kInvalidArgument,
      std::string(request.method_string()) + " is not allowed here; allowed: " + AllowHeader(match.allowed));
  problem.allow = AllowHeader(match.allowed);
  return std::unexpected(std::move(problem));
}

HandlerResult HttpApi::Dispatch(Trace& trace, const Request& request, const Target& target, const Match& match,
                                Format format, std::string_view peer, std::optional<Caller>& caller,
                                BodyFiles* files, const Caller* known) const {
  const RoutePolicy* policy = match.handler->policy;
  if (policy == nullptr) {  // fail closed
    return std::unexpected(MakeProblem(http::status::forbidden, ErrorCode::kPermissionDenied,
                                       "this route has no authorization policy"));
  }
  if (NeedsCaller(*policy, request)) {
    auto authenticated = known != nullptr ? std::expected<Caller, Problem>(*known) : Authenticate(request);
    if (!authenticated) {
      // Guessing credentials is anonymous too.
      if (auto limited = OverAnonymousLimit(peer)) return std::unexpected(std::move(*limited));
      return std::unexpected(authenticated.error());
    }
    caller = std::move(*authenticated);
    trace.actor = caller->actor.Id();
    if (auto limited = OverLimit(caller->actor)) return std::unexpected(std::move(*limited));
    if (!PolicyAllows(*policy, caller->actor.role)) {
      // A page another role works on is, to this one, not there at all.
      if (match.handler->page) {
        return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                           "no such page: " + target.path));
      }
      return std::unexpected(MakeProblem(http::status::forbidden, ErrorCode::kPermissionDenied,
                                         "the role '" + std::string(RoleName(caller->actor.role)) + "' may not " +
                                             std::string(request.method_string()) + " " +
                                             std::string(policy->pattern)));
    }
  }
  if (!caller && !policy->exempt_from_address_limit) {
    if (auto limited = OverAnonymousLimit(peer)) return std::unexpected(std::move(*limited));
  }
  for (const QueryRule& rule : policy->query_rules) {
    // Every occurrence counts: ?state=published&state=awaiting_approval too.
    auto [first, last] = target.query.equal_range(rule.param);
    if (std::none_of(first, last, [&](const auto& asked) { return asked.second == rule.value; })) continue;
    const std::string what = std::string(rule.param) + "=" + std::string(rule.value);
    if (!caller) {
      return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                         what + " needs credentials"));
    }
    if (std::find(rule.roles.begin(), rule.roles.end(), caller->actor.role) == rule.roles.end()) {
      return std::unexpected(MakeProblem(http::status::forbidden, ErrorCode::kPermissionDenied,
                                         "the role '" + std::string(RoleName(caller->actor.role)) + "' may not ask for " +
                                             what));
    }
  }
  RequestContext context{request,
                         match.params,
                         target.query,
                         caller ? &caller->actor : nullptr,
                         format,
                         peer,
                         caller ? std::string_view(caller->session_id) : std::string_view(),
                         trace.request_id,
                         files};
  return match.handler->handle(context);
}

bool HttpApi::NeedsCaller(const RoutePolicy& policy, const Request& request) const {
  const bool credentials_sent = !request[http::field::authorization].empty() ||
                                (sessions_ != nullptr && CookieValue(request[http::field::cookie], kSessionCookie));
  return policy.access == Access::kRoles || (policy.access == Access::kPublicOrSignedIn && credentials_sent);
}

bool HttpApi::IsUpload(const Request& header) const noexcept {
  try {
    const std::optional<Target> target = ParseTarget(header.target());
    if (!target) return false;
    const Match match = router_.Find(header.method(), target->path);
    return match.handler != nullptr && match.handler->spools_body;
  } catch (...) {
    return false;
  }
}

bool HttpApi::AdmitsUpload(const Request& header, std::string_view peer) const noexcept {
  try {
    const std::optional<Target> target = ParseTarget(header.target());
    if (!target) return false;
    const Match match = router_.Find(header.method(), target->path);
    if (match.handler == nullptr || !match.handler->spools_body || match.handler->policy == nullptr) return false;
    if (match.handler->policy->access == Access::kPublic && match.handler->admit_upload) {
      // The client as Handle sees it: a public route limits by address.
      const ClientOrigin origin =
          OriginOf(peer, /*tls=*/false, ForwardedFor(header), header["X-Forwarded-Proto"], proxies_);
      return match.handler->admit_upload(header, origin.address);
    }
    if (match.handler->policy->access != Access::kRoles) return false;
    auto caller = Authenticate(header);
    // A caller over its rate is told so before anything is spooled (the
    // upload then counts as a request once more when it is answered).
    return caller && PolicyAllows(*match.handler->policy, caller->actor.role) && !OverLimit(caller->actor);
  } catch (...) {
    return false;
  }
}

std::expected<Response, Problem> RequestContext::ReplyFile(http::status status, service::SpoolFile file) const {
  Response response{status, request.version()};
  response.keep_alive(request.keep_alive());
  if (files != nullptr) {
    response.content_length(file.size());
    files->download = std::move(file);
    return response;
  }
  // No server to send it from a file (a test calling Handle): whole.
  auto bytes = file.ReadAt(0, static_cast<std::size_t>(file.size()));
  if (!bytes) return std::unexpected(ToProblem(bytes.error()));
  response.body() = std::move(*bytes);
  response.prepare_payload();
  return response;
}

std::vector<ServedRoute> HttpApi::Unpoliced() const {
  std::vector<ServedRoute> unpoliced;
  for (const auto& route : routes_) {
    if (route.policy == nullptr) unpoliced.push_back(route);
  }
  return unpoliced;
}

std::optional<Problem> HttpApi::OverLimit(const Actor& actor) const {
  if (limiter_ == nullptr) return std::nullopt;
  // A token's own budget, and a person's across all their tokens and sessions.
  std::optional<std::chrono::seconds> wait;
  if (!actor.token_id.empty()) wait = limiter_->Take("token:" + actor.token_id, clock_->Now());
  if (!wait && !actor.user_id.empty()) wait = limiter_->Take("user:" + actor.user_id, clock_->Now());
  if (!wait) return std::nullopt;
  Problem problem = MakeProblem(http::status::too_many_requests, ErrorCode::kResourceExhausted,
                                "too many requests: try again in " + std::to_string(wait->count()) + " s");
  problem.retry_after = *wait;
  return problem;
}

std::optional<Problem> HttpApi::OverAnonymousLimit(std::string_view peer) const {
  if (anonymous_limiter_ == nullptr || clock_ == nullptr) return std::nullopt;
  auto wait = anonymous_limiter_->Take("address:" + std::string(peer), clock_->Now());
  if (!wait) return std::nullopt;
  Problem problem = MakeProblem(http::status::too_many_requests, ErrorCode::kResourceExhausted,
                                "too many requests without valid credentials from this address: try again in " +
                                    std::to_string(wait->count()) + " s");
  problem.retry_after = *wait;
  return problem;
}

std::expected<HttpApi::Caller, Problem> HttpApi::Authenticate(const Request& request) const {
  const std::string_view header = request[http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.empty()) {
    const std::optional<std::string_view> session_id =
        sessions_ == nullptr ? std::nullopt : CookieValue(request[http::field::cookie], kSessionCookie);
    if (!session_id) {
      return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                         "send an API token (Authorization: Bearer <token>) or sign in"));
    }
    auto actor = sessions_->Authenticate(*session_id);
    if (!actor) return std::unexpected(ToProblem(actor.error()));
    // A cookie rides along on any site's request: what changes something
    // must also show the token only our pages were given.
    const http::verb method = request.method();
    const bool safe = method == http::verb::get || method == http::verb::head || method == http::verb::options;
    if (!safe && !service::SessionService::CsrfMatches(*session_id, CsrfTokenOf(request))) {
      return std::unexpected(MakeProblem(http::status::forbidden, ErrorCode::kPermissionDenied,
                                         "this request needs the session's CSRF token in X-CSRF-Token"));
    }
    return Caller{std::move(*actor), std::string(*session_id)};
  }
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) {
    return std::unexpected(MakeProblem(http::status::unauthorized, ErrorCode::kUnauthenticated,
                                       "the Authorization header must be 'Bearer <token>'"));
  }
  auto actor = tokens_.Authenticate(header.substr(kScheme.size()));
  if (!actor) return std::unexpected(ToProblem(actor.error()));
  return Caller{std::move(*actor), {}};
}

}  // namespace ombudsflow::api
