#pragma once

#include <google/protobuf/util/json_util.h>

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/core/policy/role.h"
#include "tests/support/case_walk.h"
#include "tests/support/http_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {

/// A migrated database of its own, a person for every role (department:
/// BUF) with a token of theirs, and the real server on a loopback port.
class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Extra `serve` options for this suite's server.
  virtual std::vector<std::string> ServerArgs() const { return {}; }
  /// ServerArgs, plus a notice period of 0 days and loopback webhooks
  /// unless the suite sets them.
  std::vector<std::string> AllServerArgs() const;

  /// Issues a token of a named system straight into the database (as
  /// `token create --role department` would): only a department's.
  std::string IssueToken(Role role, const std::string& department = {});

  /// Creates a user (as `user create` would) and returns their id.
  std::string CreateUser(Role role, const std::string& email, const std::string& department = {});
  /// Sets user `user_id`'s local password (as the operator's break-glass
  /// `user set-password` would); throws when it is refused.
  void SetPassword(const std::string& user_id, const std::string& password);
  /// Issues another token of user `user_id`, as the person themselves
  /// would, signed in (/me/tokens).
  std::string IssueUserToken(const std::string& user_id);

  /// Sends a request with `role`'s bearer token; extra headers override.
  HttpResponse Send(http::verb method, const std::string& target, Role role,
                     const std::string& body = {},
                     std::map<std::string, std::string> headers = {});

  /// Registers a BUF complaint and takes it to 'hearing' (one selected
  /// complaint point, so BUF gets a hearing notice); returns its id.
  std::string CaseInHearing();

  /// Fires `steps` on case `id` in order, each with the version the last
  /// answered; throws on the first refusal. Returns the case's version.
  std::uint32_t Walk(const std::string& id, const std::vector<WalkStep>& steps);

  /// The case's version as its ETag says it ("\"7\"").
  std::string Etag(const std::string& id);

  /// Fires transition `name` with `input` on case `id` as `role`, naming the
  /// version the case has now.
  HttpResponse FireNow(const std::string& id, Role role, const std::string& name,
                        const std::string& input = "{}");

  /// A JSON response body as message T (a failed parse fails the test).
  template <class T>
  T Parse(const HttpResponse& response) {
    T message;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &message).ok()) << response.body();
    return message;
  }

  /// POSTs a JSON body to /v1/complaints as a caseworker.
  HttpResponse PostJson(const std::string& json, std::map<std::string, std::string> headers = {});

  /// Rows in complaints plus rows in complaint_events: what a refusal must not change.
  long long RowsWritten();

  /// Stops the server with `signal` and starts it again; `while_down` runs
  /// in between, to look at what the stop left.
  void RestartServer(int signal, const std::function<void()>& while_down = {});

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ServerProcess> server_;
  std::map<Role, std::string> tokens_;    // each role's person's token
  std::map<Role, std::string> user_ids_;  // each role's person
};

}  // namespace ombudsflow::testing
