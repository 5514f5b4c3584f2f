// The authorization matrix, generated from the server's own route list
// (`serve --print-routes`): every route and method, as every identity, on
// its own object, another department's and a missing one. A route without
// a policy row fails here, by name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/sessions.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;

constexpr const char* kPassword = "matrix password 2026";
constexpr const char* kMissing = "00000000-0000-4000-8000-00000000dead";

// One line of `serve --print-routes`.
struct Route {
  std::string method;
  std::string pattern;
  std::string access;               // public, public-or-signed-in, roles, no-policy
  std::vector<std::string> roles;   // who may
  std::string query;                // "state=awaiting_approval", when a rule narrows it
  std::vector<std::string> query_roles;
  // A page of the web workplace: it sends a browser without valid
  // credentials to sign in (303), and answers a role it is not for 404.
  bool page = false;
};

std::vector<std::string> SplitRoles(const std::string& text) {
  std::vector<std::string> roles;
  std::istringstream in(text);
  for (std::string role; std::getline(in, role, ',');) roles.push_back(role);
  return roles;
}

std::vector<Route> ParseRoutes(const std::string& printed) {
  std::vector<Route> routes;
  std::istringstream lines(printed);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    Route route;
    std::string roles, rule;
    words >> route.method >> route.pattern >> route.access;
    route.page = !route.pattern.starts_with("/v1/") && route.pattern != "/healthz" && route.pattern != "/readyz";
    if (route.access != "public" && route.access != "no-policy") words >> roles;
    route.roles = SplitRoles(roles);
    if (words >> rule) {
      route.query = rule.substr(0, rule.find(':'));
      route.query_roles = SplitRoles(rule.substr(rule.find(':') + 1));
    }
    routes.push_back(route);
  }
  return routes;
}

// Who calls: nothing, a dead token, or a live token or session of a role.
struct Identity {
  std::string name;
  std::string role;  // empty: no valid credentials
  std::string department;
  std::map<std::string, std::string> headers;
  bool session = false;
};

class AuthorizationMatrixTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    auto printed = RunOmbudsflow({"serve", "--db", database_->conninfo(), "--print-routes"});
    ASSERT_EQ(printed.exit_code, 0) << printed.err;
    routes_ = ParseRoutes(printed.out);
    // Signing out ends the sessions the matrix uses: last, after the
    // other deletions.
    std::stable_partition(routes_.begin(), routes_.end(), [](const Route& route) {
      return route.method != "DELETE" && route.pattern != "/sign-out";
    });
    std::stable_partition(routes_.begin(), routes_.end(), [](const Route& route) {
      return route.pattern != "/v1/sessions/current" && route.pattern != "/sign-out";
    });

    // Objects: department A is BUF, B is SOF.
    own_case_ = CaseInHearing();
    std::string sof = kValidIntakeJson;
    sof.replace(sof.find("\"BUF\""), 5, "\"SOF\"");
    auto created = PostJson(sof);
    ASSERT_EQ(created.result(), status::created) << created.body();
    foreign_case_ = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
    Walk(foreign_case_, StepsToHearing());
    own_notice_ = database_->Text("SELECT id::text FROM notices WHERE department = 'BUF' LIMIT 1");
    foreign_notice_ = database_->Text("SELECT id::text FROM notices WHERE department = 'SOF' LIMIT 1");
    ASSERT_FALSE(own_notice_.empty());
    ASSERT_FALSE(foreign_notice_.empty());

    identities_.push_back({"no credentials", "", "", {}});
    const std::string expired = IssueUserToken(user_ids_.at(Role::kCaseworker));
    database_->Execute("UPDATE api_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'"
                       " WHERE token_hash = encode(sha256('" + expired + "'), 'hex')");
    identities_.push_back({"an expired token", "", "", {{"Authorization", "Bearer " + expired}}});
    const std::string revoked = IssueUserToken(user_ids_.at(Role::kCaseworker));
    database_->Execute("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = encode(sha256('" + revoked +
                       "'), 'hex')");
    identities_.push_back({"a revoked token", "", "", {{"Authorization", "Bearer " + revoked}}});
    for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kDepartment, Role::kAdministrator}) {
      identities_.push_back(SessionOf(role, std::string(RoleName(role)) + "@test.example"));
    }
    identities_.push_back({"department A's token", "department", "BUF",
                           {{"Authorization", "Bearer " + tokens_.at(Role::kDepartment)}}});
    const std::string sof_user = CreateUser(Role::kDepartment, "sof@test.example", "SOF");
    identities_.push_back({"department B's token", "department", "SOF",
                           {{"Authorization", "Bearer " + IssueUserToken(sof_user)}}});
  }

  Identity SessionOf(Role role, const std::string& email) {
    auto pool = database_->Connect();
    store::UserStore store(*pool);
    const service::SystemClock clock;
    EXPECT_TRUE(service::UserService(store, clock).SetPassword(email, kPassword, "operator:test").has_value());
    auto signed_in = SendHttp(server_->port(), verb::post, "/v1/sessions",
                              R"({"email": ")" + email + R"(", "password": ")" + kPassword + R"("})",
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(signed_in.result(), status::created) << signed_in.body();
    const std::string cookie(signed_in[http::field::set_cookie]);
    v1::Session session;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(signed_in.body(), &session).ok());
    return {"a " + std::string(RoleName(role)) + "'s session", std::string(RoleName(role)),
            role == Role::kDepartment ? "BUF" : "",
            {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", session.csrf_token()}},
            true};
  }

  // The id of the route's object that is `identity`'s own (department A's
  // for everyone but department B) or `foreign` (the other department's).
  std::string ObjectId(const Route& route, const Identity& identity, bool foreign) const {
    const bool notices = route.pattern.starts_with("/v1/notices/");
    const bool a = (identity.department != "SOF") != foreign;
    return notices ? (a ? own_notice_ : foreign_notice_) : (a ? own_case_ : foreign_case_);
  }

  // The route's path with each {param} filled in for `object`: "own",
  // "foreign" (another department's) or "missing".
  std::string PathFor(const Route& route, const std::string& object, const Identity& identity) const {
    std::string path = route.pattern;
    const auto fill = [&](const std::string& param, const std::string& value) {
      if (auto at = path.find(param); at != std::string::npos) path.replace(at, param.size(), value);
    };
    const std::string own = ObjectId(route, identity, false);
    const std::string foreign = ObjectId(route, identity, true);
    fill("{id}", object == "own" ? own : object == "foreign" ? foreign : kMissing);
    fill("{consent_id}", kMissing);
    fill("{document}", kMissing);
    if (route.pattern.starts_with("/v1/workflows/")) {
      fill("{name}", object == "missing" ? "no_such_workflow" : "complaint");
    } else {
      fill("{name}", "withdraw");  // a transition's
    }
    fill("{version}", "1");
    if (!route.query.empty()) path += "?" + route.query;
    return path;
  }

  HttpResponse Call(const Route& route, const Identity& identity, const std::string& path) {
    std::map<std::string, std::string> headers = identity.headers;
    std::string body;
    if (route.method == "POST") {
      body = "{}";
      headers.emplace("Content-Type", "application/json");
    }
    return SendHttp(server_->port(), http::string_to_verb(route.method), path, body, headers);
  }

  static bool Allowed(const std::vector<std::string>& roles, const Identity& identity) {
    return std::find(roles.begin(), roles.end(), identity.role) != roles.end();
  }

  std::vector<Route> routes_;
  std::vector<Identity> identities_;
  std::string own_case_, foreign_case_, own_notice_, foreign_notice_;
};

TEST_F(AuthorizationMatrixTest, EveryRouteAnswersEveryIdentityAsItsPolicySays) {
  ASSERT_GE(routes_.size(), 30u);
  // Each route also once with the narrower query its policy names.
  std::vector<Route> cases;
  for (const auto& route : routes_) {
    Route plain = route;
    plain.query.clear();
    cases.push_back(plain);
    if (!route.query.empty()) cases.push_back(route);
  }
  int checked = 0;
  std::map<std::string, status> public_answers;  // per public path: the anonymous answer
  for (const auto& route : cases) {
    const std::string label = route.method + " " + route.pattern + (route.query.empty() ? "" : "?" + route.query);
    EXPECT_NE(route.access, "no-policy") << label << " has no row in api/route_policy.cc";
    if (route.access == "no-policy") continue;
    const bool has_object = route.pattern.find('{') != std::string::npos;
    for (const auto& identity : identities_) {
      for (const std::string object : {"own", "foreign", "missing"}) {
        if (!has_object && object != "own") continue;
        const auto answer = Call(route, identity, PathFor(route, object, identity));
        const auto code = answer.result();
        const std::string where = label + " as " + identity.name + " on " + object + ": " +
                                  std::to_string(static_cast<int>(code)) + " " + answer.body();
        ++checked;
        const bool credentials_sent = !identity.headers.empty();
        if (route.access == "public") {
          // Credentials are not even looked at: every caller gets what an
          // anonymous one gets.
          EXPECT_NE(code, status::forbidden) << where;
          const auto [first, inserted] = public_answers.emplace(label + " " + object, code);
          EXPECT_EQ(code, first->second) << where;
          continue;
        }
        if (route.access == "public-or-signed-in" && !credentials_sent) {
          EXPECT_EQ(code, route.query.empty() ? status::ok : status::unauthorized) << where;
          continue;
        }
        if (identity.role.empty() && route.page) {
          EXPECT_EQ(code, status::see_other) << where;
          EXPECT_THAT(std::string(answer[http::field::location]), ::testing::StartsWith("/sign-in")) << where;
          continue;
        }
        if (identity.role.empty()) {  // credentials sent, none valid
          EXPECT_EQ(code, status::unauthorized) << where;
          EXPECT_FALSE(answer[http::field::www_authenticate].empty()) << where;
          continue;
        }
        const bool allowed = Allowed(route.roles, identity) && (route.query.empty() || Allowed(route.query_roles, identity));
        if (!allowed && route.page) {
          EXPECT_EQ(code, status::not_found) << where;
        } else if (!allowed) {
          EXPECT_EQ(code, status::forbidden) << where;
          EXPECT_THAT(answer.body(), ::testing::HasSubstr("the role '" + identity.role + "' may not")) << where;
        } else {
          EXPECT_NE(code, status::unauthorized) << where;
          EXPECT_THAT(answer.body(), ::testing::Not(::testing::HasSubstr("' may not " + route.method))) << where;
        }
      }
    }
  }
  RecordProperty("requests", checked);
}

// A department cannot tell another department's object from a missing one:
// the same status, body (ids aside) and headers on every route it reaches.
TEST_F(AuthorizationMatrixTest, ForADepartmentAForeignObjectIsAnsweredExactlyAsAMissingOne) {
  int compared = 0;
  for (const auto& route : routes_) {
    if (route.pattern.find("{id}") == std::string::npos || route.access == "no-policy") continue;
    for (const auto& identity : identities_) {
      if (identity.role != "department") continue;
      const auto foreign = Call(route, identity, PathFor(route, "foreign", identity));
      const auto missing = Call(route, identity, PathFor(route, "missing", identity));
      const std::string foreign_id = ObjectId(route, identity, true);
      auto body = std::string(foreign.body());
      for (auto at = body.find(foreign_id); at != std::string::npos; at = body.find(foreign_id, at)) {
        body.replace(at, foreign_id.size(), kMissing);
      }
      const std::string where = route.method + " " + route.pattern + " as " + identity.name;
      EXPECT_EQ(foreign.result(), missing.result()) << where;
      EXPECT_EQ(body, std::string(missing.body())) << where;
      std::map<std::string, std::string> foreign_headers, missing_headers;
      for (const auto& field : foreign) foreign_headers[std::string(field.name_string())] = std::string(field.value());
      for (const auto& field : missing) missing_headers[std::string(field.name_string())] = std::string(field.value());
      // Each answer has its own date and request id; both say nothing of the object.
      for (const char* own : {"Date", "X-Request-Id"}) {
        foreign_headers.erase(own);
        missing_headers.erase(own);
      }
      EXPECT_EQ(foreign_headers, missing_headers) << where;
      ++compared;
    }
  }
  EXPECT_GE(compared, 20);
  RecordProperty("compared", compared);
}

}  // namespace
}  // namespace ombudsflow::testing
