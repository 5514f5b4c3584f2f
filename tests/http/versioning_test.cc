// Workflow versions: running cases stay on the version they started on, new
// cases start on the newest, and an explicit migration moves running cases.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using google::protobuf::util::JsonStringToMessage;
using ::testing::HasSubstr;

class VersioningTest : public ServerFixture {
 protected:
  void SetUp() override {
    workflows_ = std::filesystem::temp_directory_path() /
                 ("ombudsflow-workflows-" + std::to_string(::getpid()));
    std::filesystem::remove_all(workflows_);
    std::filesystem::copy(OMBUDSFLOW_WORKFLOWS_DIR, workflows_, std::filesystem::copy_options::recursive);
    // Start with version 1 only; the test adds its own version 2.
    for (const auto& file : std::filesystem::directory_iterator(workflows_ / "complaint")) {
      const auto name = file.path().filename();
      if (name != "v1.textproto" && name != "labels.textproto") std::filesystem::remove(file.path());
    }
    ServerFixture::SetUp();
  }
  void TearDown() override {
    ServerFixture::TearDown();
    std::filesystem::remove_all(workflows_);
  }
  std::vector<std::string> ServerArgs() const override { return {"--workflows", workflows_.string()}; }

  // v2 renames awaiting_dialogue to in_dialogue, so migrating needs a map.
  void AddVersion2() {
    std::ifstream in(workflows_ / "complaint" / "v1.textproto");
    std::stringstream text;
    text << in.rdbuf();
    std::string v2 = std::regex_replace(text.str(), std::regex("\nversion: 1\n"), "\nversion: 2\n");
    v2 = std::regex_replace(v2, std::regex("\"awaiting_dialogue\""), "\"in_dialogue\"");
    std::ofstream(workflows_ / "complaint" / "v2.textproto") << v2;
    // Every state needs its labels, or the server refuses to start.
    std::ofstream(workflows_ / "complaint" / "labels.textproto", std::ios::app)
        << "state { name: \"in_dialogue\" label { da: \"I dialog\" en: \"In dialogue\" } citizen_stage: \"dialogue\" }\n";
  }

  v1::Complaint Get(const std::string& id) {
    v1::Complaint complaint;
    EXPECT_TRUE(JsonStringToMessage(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker).body(),
                                    &complaint)
                    .ok());
    return complaint;
  }

  std::string Register() {
    v1::Complaint complaint;
    EXPECT_TRUE(JsonStringToMessage(PostJson(kValidIntakeJson).body(), &complaint).ok());
    return complaint.id();
  }

  void Fire(const std::string& id, const std::string& body, std::uint32_t version) {
    auto response = Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker, body,
                         {{"Content-Type", "application/json"}, {"If-Match", std::to_string(version)}});
    ASSERT_EQ(response.result(), status::ok) << response.body();
  }

  CommandResult Migrate(const std::string& map) {
    std::vector<std::string> args = {"workflows", "migrate", "--db", database_->conninfo(),
                                     "--workflows", workflows_.string(), "--workflow", "complaint",
                                     "--from", "1", "--to", "2", "--user", "administrator@test.example"};
    if (!map.empty()) {
      args.push_back("--map");
      args.push_back(map);
    }
    return RunOmbudsflow(args);
  }

  std::filesystem::path workflows_;
};

TEST_F(VersioningTest, CasesStayPinnedNewCasesTakeTheNewestAndMigrationIsExplicit) {
  const std::string waiting = Register();
  Fire(waiting, R"({"name": "guide_to_dialogue", "input": {"department_has_answered": false}})", 1);
  const std::string finished = Register();
  Fire(finished, R"({"name": "refer_elsewhere", "input": {"referral_kind": "legal_aid",
                     "referral_authority": "Retshjælpen"}})", 1);

  AddVersion2();
  RestartServer(SIGTERM);

  // The running case stays on v1, and v1's transitions still apply to it.
  EXPECT_EQ(Get(waiting).workflow_version(), 1u);
  auto listed = Send(verb::get, "/v1/complaints/" + waiting + "/transitions", Role::kCaseworker);
  EXPECT_THAT(listed.body(), HasSubstr("citizen_returns"));
  // A new case starts on v2.
  EXPECT_EQ(Get(Register()).workflow_version(), 2u);

  // Without a map for the renamed state, nothing moves.
  const long long events_before = database_->Scalar("SELECT count(*) FROM complaint_events");
  auto refused = Migrate("");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("state 'awaiting_dialogue' of version 1 has no counterpart in version 2"));
  EXPECT_EQ(Get(waiting).workflow_version(), 1u);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), events_before);

  auto bad_map = Migrate("awaiting_dialogue=nowhere");
  EXPECT_EQ(bad_map.exit_code, 1);
  EXPECT_THAT(bad_map.err, HasSubstr("'nowhere' is not a state of version 2"));

  auto moved = Migrate("awaiting_dialogue=in_dialogue");
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_THAT(moved.out, HasSubstr("moved 1 running case(s) of complaint from version 1 to 2"));

  const v1::Complaint migrated = Get(waiting);
  EXPECT_EQ(migrated.workflow_version(), 2u);
  EXPECT_EQ(migrated.state(), "in_dialogue");
  EXPECT_EQ(migrated.version(), 3u);
  EXPECT_TRUE(migrated.has_deadline_time());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE kind = 'workflow_migrated'"
                              " AND actor = 'user:" + user_ids_.at(Role::kAdministrator) + "' AND payload->>'fromState' = 'awaiting_dialogue'"
                              " AND payload->>'toState' = 'in_dialogue'"),
            1);
  // A finished case stays where it ended.
  EXPECT_EQ(Get(finished).workflow_version(), 1u);
  // The migrated case goes on under v2, and its audit chain is intact.
  Fire(waiting, R"({"name": "citizen_returns", "input": {"department_has_answered": true}})", 3);
  auto events = Send(verb::get, "/v1/complaints/" + waiting + "/events", Role::kCaseworker);
  EXPECT_THAT(events.body(), HasSubstr("\"chainValid\":true"));
}

}  // namespace
}  // namespace ombudsflow::testing
