#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <string_view>

#include "api/codec.h"
#include "api/http_types.h"
#include "api/problem.h"
#include "api/route_policy.h"
#include "api/router.h"
#include "api/url.h"
#include "engine/core/base/time.h"
#include "engine/service/rate_limiter.h"
#include "engine/core/policy/role.h"
#include "engine/core/policy/trusted_proxies.h"
#include "engine/core/policy/view.h"
#include "engine/service/session_service.h"
#include "engine/service/spool_file.h"
#include "engine/service/token_service.h"

namespace ombudsflow::api {

/// Request and response bodies too large to hold in memory, kept as files
/// beside the messages (which then have empty bodies).
struct BodyFiles {
  const service::SpoolFile* upload = nullptr;  // an upload route's body, as received
  std::optional<service::SpoolFile> download;  // a response's body (RequestContext::ReplyFile)
};

/// What a handler sees of one request.
struct RequestContext {
  const Request& request;
  const PathParams& path;
  const QueryParams& query;
  const Actor* actor;  // null on public endpoints
  Format response_format;
  std::string_view peer;        // the client's IP address
  std::string_view session_id;  // when the actor signed in with a session cookie
  std::string_view request_id;  // X-Request-Id, as answered: name it in every log line about this request
  BodyFiles* files = nullptr;   // null when called without (then ReplyFile reads its file into the body)

  /// The body as message T, per Content-Type; 415 or 400 Problems otherwise.
  template <class T>
  [[nodiscard]] std::expected<T, Problem> Body() const;

  /// A response carrying `message` in the negotiated format, reduced to
  /// what the caller's audience may see (engine/core/policy/view.h): every response a
  /// handler sends goes through here.
  [[nodiscard]] Response Reply(http::status status,
                               const google::protobuf::Message& message) const {
    return ReplyEncoded(status, Encoded(message));
  }

  /// `message` as Reply encodes it for this caller's audience and format.
  [[nodiscard]] std::string Encoded(const google::protobuf::Message& message) const {
    std::unique_ptr<google::protobuf::Message> storage;
    const Audience audience = AudienceOf(actor);
    const google::protobuf::Message& view = ViewFor(message, audience, storage);
    if (audience == Audience::kOffice) return Encode(response_format, view);
    // Not even the names of hidden fields, with their empty defaults.
    const DefaultsFilter visible = [audience](const google::protobuf::FieldDescriptor& field) {
      return IsVisibleTo(field, audience);
    };
    return Encode(response_format, view, &visible);
  }

  /// The response Reply gives, for a body Encoded made.
  [[nodiscard]] Response ReplyEncoded(http::status status, std::string body) const {
    return EncodedResponse(status, response_format, std::move(body), request.version(), request.keep_alive());
  }

  /// A response whose body is `file`, sent from it as it is read: the
  /// caller sets the headers (Content-Type, Content-Disposition...).
  [[nodiscard]] std::expected<Response, Problem> ReplyFile(http::status status, service::SpoolFile file) const;
};

using HandlerResult = std::expected<Response, Problem>;

/// The cookie that carries a web session's id.
inline constexpr std::string_view kSessionCookie = "ombudsflow_session";

/// A route's handler. Who may call it is not the handler's to say: HttpApi
/// enforces the route's row of the policy (api/route_policy.h) first.
/// Credentials are an API token (Authorization: Bearer) or a session
/// cookie; with a cookie, a request that changes something carries
/// X-CSRF-Token.
struct Endpoint {
  std::function<HandlerResult(const RequestContext&)> handle;
  // A page of the web workplace: it answers HTML whatever Accept says, its
  // errors are rendered by the page error renderer, and a browser without
  // a session is sent to sign in. With a session, a form post may carry
  // the CSRF token as the form field `_csrf` instead of the header.
  bool page = false;
  // It answers text/csv when the client asks for it (Format::kCsv).
  bool csv = false;
  // An upload: the server spools its body to a file (RequestContext::files),
  // up to its upload limit, instead of holding it, and reads it only for a
  // caller the route's policy admits.
  bool spools_body = false;
  // A public upload's own admission (Min sag's: a live session of its own
  // and its form's token), asked before its body is spooled; none: a
  // public route's body is never spooled.
  std::function<bool(const Request& header, std::string_view client)> admit_upload = {};
  // It answers from memory alone, never the database or a file (the
  // workflows, the health check, the static assets): the server answers it
  // on its I/O thread, without the hand-off to a worker, whenever its
  // caller needs no database either (HttpApi::HandleFromMemory).
  bool from_memory = false;
  const RoutePolicy* policy = nullptr;  // set by HttpApi::Add
};

/// Renders an error on a page route (and a 404 outside /v1) as HTML.
/// `actor` is who was signed in, when known, and `session_id` their
/// session's (empty for a token).
using PageErrorRenderer =
    std::function<Response(const Request&, const Problem&, const Actor* actor, std::string_view session_id)>;

/// One request as it was answered, for the request log and the metrics:
/// never its target or body (a query string can hold a search's words).
struct RequestRecord {
  std::string_view method;
  std::string_view route;       // the route's template ("/v1/complaints/{id}"), or "unmatched"
  unsigned status = 0;
  std::chrono::microseconds duration{0};
  std::string_view actor;       // "user:<id>" or "system:<name>"; empty when anonymous
  std::string_view request_id;  // X-Request-Id, as received or made
};
using RequestObserver = std::function<void(const RequestRecord&)>;

/// The request id to answer with: the client's X-Request-Id when it is 1-64
/// characters of letters, digits and ._:-, else a fresh random one.
[[nodiscard]] std::string RequestIdOf(const Request& request);

/// A route as served, with its policy row (null: none, so not served).
struct ServedRoute {
  http::verb method;
  std::string pattern;
  const RoutePolicy* policy;
};

/// Turns a request into a response: routing, bearer authentication, content
/// negotiation, and one last-resort catch. Thread-safe once routes are added;
/// blocking (authentication reads the database), so it runs on worker threads,
/// all but HandleFromMemory.
class HttpApi {
 public:
  explicit HttpApi(service::TokenService& tokens) : tokens_(tokens) {}

  /// Serves `endpoint` at (method, pattern) under the route's policy row;
  /// a route without one answers 403 to everyone and is listed by
  /// Unpoliced(), and `serve` refuses to start.
  void Add(http::verb method, std::string_view pattern, Endpoint endpoint) {
    endpoint.policy = FindRoutePolicy(method, pattern);
    routes_.push_back({method, std::string(pattern), endpoint.policy});
    router_.Add(method, pattern, std::move(endpoint));
  }

  /// Every route added, in order, with its policy row.
  [[nodiscard]] const std::vector<ServedRoute>& Routes() const { return routes_; }
  /// The routes added without a policy row.
  [[nodiscard]] std::vector<ServedRoute> Unpoliced() const;

  /// Limits each token's, and each signed-in person's, requests; beyond
  /// the limit a 429 with Retry-After.
  void LimitRates(service::RateLimiter& limiter, const Clock& clock) {
    limiter_ = &limiter;
    clock_ = &clock;
  }

  /// Limits requests without valid credentials (public routes, and every
  /// refused token or session) per client address; health probes aside.
  void LimitAnonymous(service::RateLimiter& limiter, const Clock& clock) {
    anonymous_limiter_ = &limiter;
    clock_ = &clock;
  }

  /// Takes X-Forwarded-For (the client's address, for the address limits
  /// and sign-in's) and X-Forwarded-Proto: https (every cookie then
  /// Secure) from these peers, and from no one else.
  void TrustProxies(TrustedProxies proxies) { proxies_ = std::move(proxies); }

  /// Renders page routes' errors, and 404s for paths outside /v1, as HTML.
  void RenderPageErrorsWith(PageErrorRenderer renderer) { page_errors_ = std::move(renderer); }

  /// Accepts web sessions (the kSessionCookie cookie) besides API tokens.
  void AcceptSessions(service::SessionService& sessions) { sessions_ = &sessions; }

  /// Calls `observer` once per request answered (after it is answered).
  void ObserveRequestsWith(RequestObserver observer) { observer_ = std::move(observer); }

  /// Answers `request`, which came from the IP address `peer` (or, when
  /// that is a trusted proxy, from the client it names), with its request
  /// id in X-Request-Id, X-Content-Type-Options: nosniff, and its cookies
  /// Secure when the proxy says the client came over TLS.
  [[nodiscard]] Response Handle(const Request& request, std::string_view peer = {},
                                BodyFiles* files = nullptr) const noexcept;

  /// Handle's answer, given on the calling thread without blocking, when
  /// `request`'s route answers from memory (Endpoint::from_memory) and its
  /// caller needs no database: no credentials, or an API token already
  /// remembered. Nullopt otherwise: then Handle, on a worker.
  [[nodiscard]] std::optional<Response> HandleFromMemory(const Request& request,
                                                         std::string_view peer = {}) const noexcept;

  /// Whether `header` (a request whose body is not read yet) is for an
  /// upload route (Endpoint::spools_body) whose policy admits its
  /// credentials: only then is its body worth spooling. Blocking (it
  /// authenticates); false on any doubt, and Handle then gives the reason.
  [[nodiscard]] bool AdmitsUpload(const Request& header, std::string_view peer = {}) const noexcept;
  /// Whether `header` is for an upload route at all.
  [[nodiscard]] bool IsUpload(const Request& header) const noexcept;

 private:
  // What the answer to one request is filed under.
  struct Trace {
    std::string_view route = "unmatched";
    std::string actor;
    std::string request_id;
  };
  struct Caller {
    Actor actor;
    std::string session_id;  // empty for a token
  };
  // Handle, with the caller already known when `known` is set (its
  // credentials were checked from memory).
  [[nodiscard]] Response HandleAs(const Request& request, std::string_view peer, BodyFiles* files,
                                  const Caller* known) const noexcept;
  [[nodiscard]] Response Answer(const Request& request, std::string_view peer, Trace& trace,
                                BodyFiles* files, const Caller* known) const noexcept;
  static void LogServerSide(const Trace& trace, const Problem& problem);

  using Match = Router<Endpoint>::Match;
  [[nodiscard]] Response HandleApi(Trace& trace, const Request& request, const std::optional<Target>& target,
                                   const Match& match, std::string_view peer, BodyFiles* files,
                                   const Caller* known) const;
  [[nodiscard]] Response HandlePage(Trace& trace, const Request& request, const Target& target, const Match& match,
                                    std::string_view peer, BodyFiles* files, const Caller* known) const;
  [[nodiscard]] HandlerResult Unmatched(const Request& request, const std::optional<Target>& target,
                                        const Match& match) const;
  // `caller` gets who the credentials name, once they are checked (or
  // `known`, when set: checked already).
  [[nodiscard]] HandlerResult Dispatch(Trace& trace, const Request& request, const Target& target, const Match& match,
                                       Format format, std::string_view peer, std::optional<Caller>& caller,
                                       BodyFiles* files, const Caller* known) const;
  // Whether `policy` wants the request's credentials checked.
  [[nodiscard]] bool NeedsCaller(const RoutePolicy& policy, const Request& request) const;
  [[nodiscard]] std::expected<Caller, Problem> Authenticate(const Request& request) const;
  [[nodiscard]] std::optional<Problem> OverLimit(const Actor& actor) const;
  [[nodiscard]] std::optional<Problem> OverAnonymousLimit(std::string_view peer) const;

  Router<Endpoint> router_;
  std::vector<ServedRoute> routes_;
  service::TokenService& tokens_;
  service::SessionService* sessions_ = nullptr;  // null: tokens only
  service::RateLimiter* limiter_ = nullptr;               // null: no limit
  service::RateLimiter* anonymous_limiter_ = nullptr;     // null: no limit
  const Clock* clock_ = nullptr;
  TrustedProxies proxies_;  // none: forwarding headers ignored
  PageErrorRenderer page_errors_;  // empty: pages' errors as Problems
  RequestObserver observer_;
};

template <class T>
std::expected<T, Problem> RequestContext::Body() const {
  auto format = RequestFormat(request[http::field::content_type]);
  if (!format) return std::unexpected(format.error());
  T message;
  if (auto decoded = Decode(*format, request.body(), message); !decoded) {
    return std::unexpected(decoded.error());
  }
  return message;
}

}  // namespace ombudsflow::api
