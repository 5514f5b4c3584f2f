// What the server acknowledged survives the server's sudden death.
#include <signal.h>

#include <gtest/gtest.h>
#include <google/protobuf/util/json_util.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;

using DurabilityTest = ServerFixture;

TEST_F(DurabilityTest, AComplaintAcknowledgedWith201SurvivesSigkill) {
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 5; ++i) {
    auto created = PostJson(kValidIntakeJson);
    ASSERT_EQ(created.result(), status::created);
    acknowledged.emplace_back(created[http::field::location]);
  }
  const int wait_status = server_->Stop(SIGKILL);  // right after the last 201
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  ASSERT_EQ(WTERMSIG(wait_status), SIGKILL);

  RestartServer(SIGTERM);
  for (const auto& location : acknowledged) {
    auto fetched = Send(verb::get, location, Role::kCaseworker);
    EXPECT_EQ(fetched.result(), status::ok) << location;
    v1::Complaint complaint;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(fetched.body(), &complaint).ok());
    EXPECT_EQ(complaint.subject(), "Svar på ansøgning om støtte");
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 5);
}

}  // namespace
}  // namespace ombudsflow::testing
