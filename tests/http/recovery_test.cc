// A PostgreSQL restart under a running server: clean 503s while it is down,
// success again after, with no restart of the server.
#include <gtest/gtest.h>
#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ombudsflow/v1/error.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;

// test.sh provides a command that runs pg_ctl on the test cluster.
void PgCtl(const std::string& action) {
  const char* pg_ctl = std::getenv("OMBUDSFLOW_TEST_PGCTL");
  ASSERT_NE(pg_ctl, nullptr) << "OMBUDSFLOW_TEST_PGCTL is not set: run deploy/test.sh";
  const std::string command = std::string(pg_ctl) + " " + action + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

using RecoveryTest = ServerFixture;

// Fires consider_solutions on a new complaint; the transition write is a
// statement prepared on the connection, which a restart destroys.
status TransitionOnNewComplaint(std::function<HttpResponse(const std::string&)> post,
                                std::function<HttpResponse(const std::string&, const std::string&)> fire) {
  auto created = post(kValidIntakeJson);
  if (created.result() != status::created) return created.result();
  const std::string location(created[http::field::location]);
  return fire(location + "/transitions",
              R"({"name": "consider_solutions", "input": {"department_has_answered": true}})")
      .result();
}

TEST_F(RecoveryTest, ServesAgainAfterPostgresRestartsWithoutAServerRestart) {
  auto post = [this](const std::string& body) { return PostJson(body); };
  auto fire = [this](const std::string& target, const std::string& body) {
    return Send(verb::post, target, Role::kCaseworker, body,
                {{"Content-Type", "application/json"}, {"If-Match", "1"}});
  };
  // Prepare the transition statement on several pooled connections.
  for (int i = 0; i < 6; ++i) ASSERT_EQ(TransitionOnNewComplaint(post, fire), status::ok);
  const long long rows_before = RowsWritten();

  PgCtl("stop -m fast");
  for (int i = 0; i < 3; ++i) {
    auto write = PostJson(kValidIntakeJson);
    EXPECT_EQ(write.result(), status::service_unavailable) << write.body();
    EXPECT_EQ(write[http::field::retry_after], "2") << "a 503 says when to try again";
    v1::Error error;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(write.body(), &error).ok());
    EXPECT_EQ(error.code(), v1::Error::UNAVAILABLE);
    EXPECT_EQ(error.message().find("127.0.0.1"), std::string::npos) << "leaks the address";
    EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kCaseworker).result(),
              status::service_unavailable);
  }
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/readyz").result(), status::service_unavailable);
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/healthz").result(), status::ok);
  PgCtl("start");

  // The first request after the restart may still meet a stale connection;
  // within a few seconds everything succeeds again.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (SendHttp(server_->port(), verb::get, "/readyz").result() != status::ok) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << server_->Log();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(RowsWritten(), rows_before) << "a refused write left rows behind";
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(TransitionOnNewComplaint(post, fire), status::ok) << "request " << i;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 26);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE state = 'considering_solutions'"), 26);
}


// synchronous_commit is on: what was answered 2xx was flushed first, so a
// crash right after the answer (pg_ctl -m immediate: no checkpoint, no
// shutdown flush) loses none of it.
TEST_F(RecoveryTest, EveryAnsweredWriteSurvivesAnImmediateCrash) {
  std::vector<std::string> answered;
  for (int i = 0; i < 10; ++i) {
    auto created = PostJson(kValidIntakeJson);
    ASSERT_EQ(created.result(), status::created) << created.body();
    const std::string location(created[http::field::location]);
    auto fired = Send(verb::post, location + "/transitions", Role::kCaseworker,
                      R"({"name": "consider_solutions", "input": {"department_has_answered": true}})",
                      {{"Content-Type", "application/json"}, {"If-Match", "1"}});
    ASSERT_EQ(fired.result(), status::ok) << fired.body();
    answered.push_back(location.substr(std::string("/v1/complaints/").size()));
  }
  PgCtl("crash");  // right after the last 2xx
  PgCtl("start");
  std::string ids;
  for (const auto& id : answered) ids += (ids.empty() ? "'" : ", '") + id + "'";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE state = 'considering_solutions' AND id IN (" +
                              ids + ")"),
            10);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE complaint_id IN (" + ids + ")"), 20);
  // And the server carries on once PostgreSQL is back.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (SendHttp(server_->port(), verb::get, "/readyz").result() != status::ok) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << server_->Log();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace
}  // namespace ombudsflow::testing
