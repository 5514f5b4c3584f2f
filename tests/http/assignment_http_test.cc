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

// "Bed om en rettelse" over the API: the ombudsman sends the case back to
// its drafter with a comment, its own audit event; a caseworker may not,
// and a missing comment changes nothing.
TEST_F(AssignmentHttpTest, TheOmbudsmanReturnsADraftForCorrectionWithAComment) {
  const std::string id = NewCase();
  const std::string caseworker = user_ids_.at(Role::kCaseworker);
  const auto send_back = [&](Role role, const std::string& body) {
    return Send(verb::post, "/v1/complaints/" + id + ":return-for-correction", role, body,
                {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
  };
  EXPECT_EQ(send_back(Role::kCaseworker, R"({"drafterId": ")" + caseworker + R"(", "comment": "Ret."})").result(),
            status::forbidden);
  auto empty = send_back(Role::kOmbudsman, R"({"drafterId": ")" + caseworker + R"(", "comment": " "})");
  EXPECT_EQ(empty.result(), status::bad_request) << empty.body();
  EXPECT_THAT(empty.body(), HasSubstr("comment"));
  auto too_long = send_back(Role::kOmbudsman,
                            R"({"drafterId": ")" + caseworker + R"(", "comment": ")" + std::string(2001, 'x') + R"("})");
  EXPECT_EQ(too_long.result(), status::bad_request) << too_long.body();
  EXPECT_EQ(Get(id).version(), 1u) << "nothing changed";

  auto returned = send_back(Role::kOmbudsman, R"({"drafterId": ")" + caseworker + R"(", "comment": "Fjern navnet."})");
  ASSERT_EQ(returned.result(), status::ok) << returned.body();
  EXPECT_EQ(Get(id).assignee_id(), caseworker);
  v1::ListEventsResponse events;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker).body(), &events)
                  .ok());
  EXPECT_TRUE(events.chain_valid());
  ASSERT_EQ(events.events_size(), 2);
  EXPECT_EQ(events.events(1).kind(), "returned_for_correction");
  EXPECT_EQ(events.events(1).payload().fields().at("reason").string_value(), "Fjern navnet.");
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
