// Deadlines over real servers: timers fire, exactly once, even with two
// servers on one database.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

// The timers a server fired, summed from its "timers: fired N" lines.
int FiredIn(const std::string& log) {
  static constexpr std::string_view kLine = "timers: fired ";
  int fired = 0;
  for (auto at = log.find(kLine); at != std::string::npos; at = log.find(kLine, at + 1)) {
    fired += std::atoi(log.c_str() + at + kLine.size());
  }
  return fired;
}


using http::status;
using http::verb;
using google::protobuf::util::JsonStringToMessage;

class TimersTest : public ServerFixture {
 protected:
  // This suite's own server looks for due timers only when it starts.
  std::vector<std::string> ServerArgs() const override { return {"--timer-interval-ms", "600000"}; }

  void MakeDue(const std::string& where) {
    database_->Execute("UPDATE case_state SET deadline_at = now() - interval '1 minute' WHERE " + where);
  }

  // Waits until `sql` yields `expected`, up to 30 s.
  bool WaitFor(const std::string& sql, long long expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (database_->Scalar(sql) == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
};

TEST_F(TimersTest, OverdueCasesAreListedAndTheTimerRemindsTheDepartment) {
  // A server whose timer looks only once, at start: the case is not due yet.
  const std::string id = CaseInHearing();
  auto response = Send(verb::get, "/v1/complaints?overdue=true", Role::kCaseworker);
  v1::ListComplaintsResponse overdue;
  ASSERT_TRUE(JsonStringToMessage(response.body(), &overdue).ok());
  EXPECT_EQ(overdue.complaints_size(), 0);

  MakeDue("id = '" + id + "'");
  response = Send(verb::get, "/v1/complaints?overdue=true", Role::kCaseworker);
  ASSERT_TRUE(JsonStringToMessage(response.body(), &overdue).ok());
  ASSERT_EQ(overdue.complaints_size(), 1);
  EXPECT_EQ(overdue.complaints(0).id(), id);

  // Now a server that looks often fires it.
  server_->Stop(SIGTERM);
  server_ = ServerProcess::Start(database_->server_conninfo(), {"--timer-interval-ms", "50"});
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE state = 'hearing_reminded'", 1)) << server_->Log();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE actor_role = 'system'"
                              " AND payload->>'transition' = 'remind_department'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE notice = 'hearing_reminder'"), 1);
  // The next deadline (the reminder's) is set and in the future.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE deadline_at > now()"
                              " AND timeout_transition = 'escalate_hearing'"),
            1);
}

// Timers that cannot fire used to stay due, first in every round: enough of
// them starved every other timer. Now each is parked, with an alert.
TEST_F(TimersTest, TimersThatCannotFireAreParkedAndTheOthersStillFire) {
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    auto created = PostJson(kValidIntakeJson);
    v1::Complaint complaint;
    ASSERT_TRUE(JsonStringToMessage(created.body(), &complaint).ok());
    auto guided = Send(verb::post, "/v1/complaints/" + complaint.id() + "/transitions", Role::kCaseworker,
                       R"({"name": "guide_to_dialogue", "input": {"department_has_answered": false}})",
                       {{"Content-Type", "application/json"}, {"If-Match", "1"}});
    ASSERT_EQ(guided.result(), status::ok) << guided.body();
    ids.push_back(complaint.id());
  }
  // Five pinned to a definition no server has loaded, due first; one healthy, due last.
  std::string broken;
  for (int i = 0; i < 5; ++i) broken += (broken.empty() ? "'" : ", '") + ids[i] + "'";
  database_->Execute("UPDATE case_state SET workflow_version = 99, deadline_at = now() - interval '1 day'"
                     " WHERE id IN (" + broken + ")");
  MakeDue("id = '" + ids[5] + "'");

  server_->Stop(SIGTERM);
  server_ = ServerProcess::Start(database_->server_conninfo(), {"--timer-interval-ms", "50", "--timer-batch", "2"});
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE state = 'dialogue_closed'", 1)) << server_->Log();
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE workflow_version = 99 AND deadline_at IS NULL", 5));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE kind = 'timer_parked'"), 5);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'about' = 'timer_parked'"
                              " AND payload->>'reason' LIKE '%v99 is not loaded%'"),
            5);
  // Parked, they stay in their state, one version on.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE workflow_version = 99"
                              " AND state = 'awaiting_dialogue' AND version = 3"),
            5);
}

TEST_F(TimersTest, TimerPathsLapseTheDialogueAndEscalateAnUnansweredHearing) {
  // awaiting_dialogue --(deadline)--> dialogue_closed
  auto created = PostJson(kValidIntakeJson);
  v1::Complaint dialogue;
  ASSERT_TRUE(JsonStringToMessage(created.body(), &dialogue).ok());
  auto guided = Send(verb::post, "/v1/complaints/" + dialogue.id() + "/transitions", Role::kCaseworker,
                     R"({"name": "guide_to_dialogue", "input": {"department_has_answered": false}})",
                     {{"Content-Type", "application/json"}, {"If-Match", "1"}});
  ASSERT_EQ(guided.result(), status::ok) << guided.body();
  // hearing --(deadline)--> hearing_reminded --(deadline)--> hearing_escalated
  const std::string hearing = CaseInHearing();

  server_->Stop(SIGTERM);
  server_ = ServerProcess::Start(database_->server_conninfo(), {"--timer-interval-ms", "50"});
  MakeDue("id IN ('" + dialogue.id() + "', '" + hearing + "')");
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE state IN ('dialogue_closed', 'hearing_reminded')", 2))
      << server_->Log();
  MakeDue("id = '" + hearing + "'");
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE state = 'hearing_escalated'", 1)) << server_->Log();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                              " AND payload->>'role' = 'ombudsman' AND payload->>'about' = 'hearing_overdue'"),
            1);
  // The escalated state has no deadline, and the department can still answer.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE id = '" + hearing + "' AND deadline_at IS NULL"), 1);
  auto answered = Send(verb::post, "/v1/complaints/" + hearing + "/transitions", Role::kDepartment,
                       R"({"name": "record_department_answer", "input": {"department_answer": "Undskyld."}})",
                       {{"Content-Type", "application/json"}, {"If-Match", "6"}});
  ASSERT_EQ(answered.result(), status::ok) << answered.body();
  EXPECT_THAT(answered.body(), ::testing::HasSubstr("\"state\":\"assessment\""));
}

TEST_F(TimersTest, TwoServersOnOneDatabaseFireEachTimerExactlyOnce) {
  constexpr int kCases = 40;
  for (int i = 0; i < kCases; ++i) CaseInHearing();
  server_->Stop(SIGTERM);

  // Both servers up and looking before anything is due, so they race for
  // the same rows from the first round.
  auto first = ServerProcess::Start(database_->server_conninfo(),
                                    {"--timer-interval-ms", "20", "--timer-batch", "3"});
  auto second = ServerProcess::Start(database_->server_conninfo(),
                                     {"--timer-interval-ms", "20", "--timer-batch", "3"});
  MakeDue("state = 'hearing'");
  ASSERT_TRUE(WaitFor("SELECT count(*) FROM case_state WHERE state = 'hearing_reminded'", kCases))
      << first->Log() << second->Log();
  // Let any double firing that would happen, happen.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"
                              " WHERE payload->>'transition' = 'remind_department'"),
            kCases);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM (SELECT complaint_id FROM complaint_events"
                              " WHERE payload->>'transition' = 'remind_department'"
                              " GROUP BY complaint_id HAVING count(*) <> 1) AS twice"),
            0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE notice = 'hearing_reminder'"),
            kCases);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE version <> 5"), 0);
  // The exactly-once above means something only if both took part: each
  // server's log sums what it fired, and the two sums are every case.
  const int by_first = FiredIn(first->Log());
  const int by_second = FiredIn(second->Log());
  EXPECT_GT(by_first, 0) << "the first server never fired: no race was run";
  EXPECT_GT(by_second, 0) << "the second server never fired: no race was run";
  EXPECT_EQ(by_first + by_second, kCases);
  RecordProperty("fired_by_first", by_first);
  RecordProperty("fired_by_second", by_second);
}

}  // namespace
}  // namespace ombudsflow::testing
