#pragma once

#include <string_view>
#include <vector>

#include "engine/core/policy/role.h"
#include "engine/net/beast.h"

namespace ombudsflow::api {

/// Who may call a route at all.
enum class Access {
  kPublic,            // anyone; no credentials are looked at
  kPublicOrSignedIn,  // anyone; credentials sent are checked, and may show more
  kRoles,             // a token or session of one of the listed roles
};

/// One row of the authorization policy. The view each caller gets of the
/// response follows from their role alone (engine/core/policy/view:
/// AudienceOf): departments the DEPARTMENT view, every other role the
/// OFFICE view, callers without credentials the PUBLIC view, each an
/// allow-list of fields. Which objects a role reaches within a route (a
/// department: its own) is the service's, per object, and a foreign object
/// is answered exactly as a missing one.
/// A narrower rule for requests that ask for `param=value`: only `roles`
/// may (a public list whose ?state=awaiting_approval is the ombudsman's).
struct QueryRule {
  std::string_view param;
  std::string_view value;
  std::vector<Role> roles;
};

struct RoutePolicy {
  http::verb method;
  std::string_view pattern;
  Access access = Access::kRoles;
  std::vector<Role> roles;
  std::vector<QueryRule> query_rules = {};
  // Left alone by the per-address limit on anonymous requests: health
  // probes, which load balancers call often from one address, and static
  // files, a dozen per page load and served from memory.
  bool exempt_from_address_limit = false;
};

/// The whole policy: every route the server serves has exactly one row, and
/// HttpApi enforces it before any handler runs; handlers and services do not
/// check roles on their own. A route without a row is not served (`serve`
/// refuses to start) and fails the generated authorization matrix test.
[[nodiscard]] const std::vector<RoutePolicy>& RoutePolicies();

/// The row for (method, pattern), or null.
[[nodiscard]] const RoutePolicy* FindRoutePolicy(http::verb method, std::string_view pattern);

/// Whether `role` may call a route with policy `policy` (kRoles rows).
[[nodiscard]] bool PolicyAllows(const RoutePolicy& policy, Role role);

}  // namespace ombudsflow::api
