// Assigning cases over HTTP: a caseworker takes a free case, the ombudsman
// reassigns it, each step an audit event in a valid chain; refusals change
// nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/new_complaint.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

class AssignmentHttpTest : public ServerFixture {
 protected:
  std::string NewCase() {
    auto created = PostJson(kValidIntakeJson);
    EXPECT_EQ(created.result(), status::created) << created.body();
    return std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  }

  HttpResponse Assign(const std::string& id, Role role, const std::string& assignee, std::string etag = {}) {
    if (etag.empty()) etag = Etag(id);
    return Send(verb::post, "/v1/complaints/" + id + ":assign", role, R"({"assigneeId": ")" + assignee + R"("})",
                {{"Content-Type", "application/json"}, {"If-Match", etag}});
  }

  v1::Complaint Get(const std::string& id) {
    v1::Complaint complaint;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker).body(), &complaint)
                    .ok());
    return complaint;
  }
};

TEST_F(AssignmentHttpTest, TakenByACaseworkerReassignedByTheOmbudsmanEachAnAuditEvent) {
  const std::string id = NewCase();
  const std::string caseworker = user_ids_.at(Role::kCaseworker);
  const std::string deputy = user_ids_.at(Role::kDeputy);

  auto taken = Assign(id, Role::kCaseworker, caseworker);
  ASSERT_EQ(taken.result(), status::ok) << taken.body();
  EXPECT_EQ(Get(id).assignee_id(), caseworker);
  EXPECT_EQ(Get(id).assignee_name(), "Test caseworker");

  // The caseworker cannot hand it on; the ombudsman can.
  auto handed = Assign(id, Role::kCaseworker, deputy);
  EXPECT_EQ(handed.result(), status::forbidden) << handed.body();
  auto reassigned = Assign(id, Role::kOmbudsman, deputy);
  ASSERT_EQ(reassigned.result(), status::ok) << reassigned.body();
  EXPECT_EQ(Get(id).assignee_id(), deputy);

  // A transition keeps the assignee.
  auto fired = FireNow(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
  ASSERT_EQ(fired.result(), status::ok) << fired.body();
  EXPECT_EQ(Get(id).assignee_id(), deputy);

  v1::ListEventsResponse events;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker).body(), &events)
                  .ok());
  EXPECT_TRUE(events.chain_valid());
  std::vector<std::string> kinds;
  for (const auto& event : events.events()) kinds.push_back(event.kind());
  EXPECT_THAT(kinds, ::testing::ElementsAre("complaint_registered", "assigned", "assigned", "transition"));
}

TEST_F(AssignmentHttpTest, RefusalsChangeNothing) {
  const std::string id = NewCase();
  const long long before = RowsWritten();
  // Not staff, no such user, a stale version, a department's token.
  EXPECT_EQ(Assign(id, Role::kOmbudsman, user_ids_.at(Role::kDepartment)).result(), status::bad_request);
  auto unknown = Assign(id, Role::kOmbudsman, "00000000-0000-4000-8000-00000000beef");
  EXPECT_EQ(unknown.result(), status::bad_request);
  EXPECT_THAT(std::string(unknown.body()), HasSubstr("assignee_id"));
  EXPECT_EQ(Assign(id, Role::kOmbudsman, "someone@example.com").result(), status::bad_request);
  EXPECT_EQ(Assign(id, Role::kCaseworker, user_ids_.at(Role::kCaseworker), "\"9\"").result(), status::conflict);
  EXPECT_EQ(Assign(id, Role::kDepartment, user_ids_.at(Role::kCaseworker)).result(), status::forbidden);
  EXPECT_EQ(RowsWritten(), before);
  EXPECT_EQ(Get(id).assignee_id(), "");
}

}  // namespace
}  // namespace ombudsflow::testing
