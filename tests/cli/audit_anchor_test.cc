// The audit anchor as operators use it: `audit anchor-key`, `serve
// --audit-anchor` writing checkpoints, and `audit verify --anchor` holding
// the database to them after a superuser changed it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "engine/store/complaint_store.h"
#include "engine/store/transition_store.h"
#include "tests/support/chained_case.h"
#include "tests/support/new_complaint.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kCut = "c0ffee00-0000-4000-8000-00000000000a";
constexpr const char* kKept = "c0ffee00-0000-4000-8000-00000000000b";

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class AuditAnchorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ombudsflow-anchor-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    key_ = (dir_ / "anchor.key").string();
    anchor_ = (dir_ / "anchor.jsonl").string();
    database_ = TestDatabase::Migrated();
    auto pool = database_->Connect();
    store::ComplaintStore complaints(*pool, {});
    store::TransitionStore cases(*pool, "Europe/Copenhagen");
    for (const char* id : {kCut, kKept}) {
      ASSERT_TRUE(complaints.Insert(RegistrableComplaint(id, FromUnixMicros(1'780'308'000'000'000))).has_value());
    }
    AdvanceCase(cases, kCut, 4);
    AdvanceCase(cases, kKept, 2);
    auto made = RunOmbudsflow({"audit", "anchor-key", "--out", key_});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The server runs with the anchor until the file holds `expected`.
  void ServeUntilAnchored(const std::string& expected) {
    auto server = ServerProcess::Start(database_->server_conninfo(),
                                       {"--audit-anchor", anchor_, "--audit-anchor-key", key_,
                                        "--audit-anchor-interval-seconds", "1"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (ReadAll(anchor_).find(expected) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_THAT(ReadAll(anchor_), HasSubstr(expected)) << server->Log();
  }

  CommandResult Verify(const std::vector<std::string>& which, const std::string& public_key = "") {
    std::vector<std::string> args = {"audit", "verify", "--db", database_->conninfo()};
    args.insert(args.end(), which.begin(), which.end());
    if (!public_key.empty()) {
      args.insert(args.end(), {"--anchor", anchor_, "--anchor-public-key", public_key});
    }
    return RunOmbudsflow(args);
  }

  std::filesystem::path dir_;
  std::string key_;
  std::string anchor_;
  std::unique_ptr<TestDatabase> database_;
};

TEST_F(AuditAnchorTest, TheKeyIsWrittenOnceWithItsSecretHalfForTheOwnerAlone) {
  struct stat status {};
  ASSERT_EQ(::stat(key_.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600);
  EXPECT_TRUE(std::filesystem::exists(key_ + ".pub"));
  const std::string secret = ReadAll(key_);
  auto again = RunOmbudsflow({"audit", "anchor-key", "--out", key_});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("exists already"));
  EXPECT_EQ(ReadAll(key_), secret);
}

TEST_F(AuditAnchorTest, ASuperusersConsistentCutPassesTheChainsButNotTheAnchor) {
  ServeUntilAnchored(std::string("[\"") + kCut + "\",4,");
  auto untouched = Verify({"--all"}, key_ + ".pub");
  EXPECT_EQ(untouched.exit_code, 0) << untouched.out << untouched.err;
  EXPECT_THAT(untouched.out, HasSubstr("2 anchored heads, 0 not held"));

  // As the superuser: the newest event goes, and the case's version and
  // head go back to the event before it. Every chain still holds.
  database_->Execute("ALTER TABLE complaint_events DISABLE TRIGGER ALL");
  database_->Execute(std::string("DELETE FROM complaint_events WHERE complaint_id = '") + kCut + "' AND seq = 4");
  database_->Execute(std::string("UPDATE case_state SET version = 3, state = 'step3', last_event_hash ="
                                 " (SELECT hash FROM complaint_events WHERE complaint_id = '") + kCut +
                     "' AND seq = 3) WHERE id = '" + kCut + "'");
  auto chains = Verify({"--all"});
  EXPECT_EQ(chains.exit_code, 0) << chains.out;
  EXPECT_THAT(chains.out, HasSubstr("2 cases verified, 0 with a broken chain"));

  auto anchored = Verify({"--all"}, key_ + ".pub");
  EXPECT_EQ(anchored.exit_code, 1) << anchored.out << anchored.err;
  EXPECT_THAT(anchored.out, HasSubstr(std::string("case ") + kCut + " anchored at event 4: the database has no "
                                      "event 4 (the case is at version 3): events were deleted"));
  EXPECT_THAT(anchored.out, Not(HasSubstr(std::string("case ") + kKept)));
  EXPECT_THAT(anchored.out, HasSubstr("1 not held"));
  EXPECT_EQ(Verify({"--case", kCut}, key_ + ".pub").exit_code, 1);
  EXPECT_EQ(Verify({"--case", kKept}, key_ + ".pub").exit_code, 0);

  // Forging a new event 4 in its place is found as well.
  database_->Execute(std::string("INSERT INTO complaint_events (complaint_id, seq, occurred_at, actor_role, actor,"
                                 " kind, payload, hash, hash_scheme) SELECT complaint_id, 4, occurred_at, actor_role,"
                                 " actor, kind, payload, repeat('0', 64), hash_scheme FROM complaint_events"
                                 " WHERE complaint_id = '") + kCut + "' AND seq = 3");
  EXPECT_THAT(Verify({"--all"}, key_ + ".pub").out,
              HasSubstr("anchored at event 4: event 4's hash is not the anchored one"));
}

TEST_F(AuditAnchorTest, AChangedRemovedOrForeignLineIsReported) {
  ServeUntilAnchored(std::string("[\"") + kKept + "\",2,");
  // A second checkpoint: the cases changed while a server anchors.
  {
    auto pool = database_->Connect();
    store::TransitionStore cases(*pool, "Europe/Copenhagen");
    AdvanceCase(cases, kKept, 3);
  }
  ServeUntilAnchored(std::string("[\"") + kKept + "\",3,");
  const std::string original = ReadAll(anchor_);
  ASSERT_GE(std::count(original.begin(), original.end(), '\n'), 2) << original;
  EXPECT_EQ(Verify({"--all"}, key_ + ".pub").exit_code, 0);

  // Another key's public half: no line is the anchor's.
  auto other = RunOmbudsflow({"audit", "anchor-key", "--out", (dir_ / "other.key").string()});
  ASSERT_EQ(other.exit_code, 0);
  auto foreign = Verify({"--all"}, (dir_ / "other.key.pub").string());
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_THAT(foreign.out, HasSubstr("line 1: the signature does not verify"));

  // A head's seq changed in the file.
  std::string changed = original;
  const std::string head = std::string("[\"") + kCut + "\",4,";
  ASSERT_NE(changed.find(head), std::string::npos);
  changed.replace(changed.find(head), head.size(), std::string("[\"") + kCut + "\",3,");
  std::ofstream(anchor_, std::ios::trunc) << changed;
  auto edited = Verify({"--all"}, key_ + ".pub");
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_THAT(edited.out, HasSubstr("line 1: the signature does not verify"));

  // The first line taken out.
  std::ofstream(anchor_, std::ios::trunc) << original.substr(original.find('\n') + 1);
  auto removed = Verify({"--all"}, key_ + ".pub");
  EXPECT_EQ(removed.exit_code, 1);
  EXPECT_THAT(removed.out, HasSubstr("line 1: checkpoint line 2 does not follow the line before it"));

  // An emptied file.
  std::ofstream(anchor_, std::ios::trunc).flush();
  auto emptied = Verify({"--all"}, key_ + ".pub");
  EXPECT_EQ(emptied.exit_code, 1);
  EXPECT_THAT(emptied.out, HasSubstr("holds no checkpoint"));
}

TEST_F(AuditAnchorTest, TheServerRefusesAFileThatEndsInALineItsKeyDidNotSign) {
  std::ofstream(anchor_) << "{\"checkpoint\":{},\"signature\":\"00\"}\n";
  auto refused = RunOmbudsflow({"serve", "--db", database_->server_conninfo(), "--listen", "127.0.0.1:0",
                                "--audit-anchor", anchor_, "--audit-anchor-key", key_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("ends in a line this key did not sign"));
  auto keyless = RunOmbudsflow({"serve", "--db", database_->server_conninfo(), "--audit-anchor", anchor_});
  EXPECT_EQ(keyless.exit_code, 2);
  auto alone = RunOmbudsflow({"audit", "verify", "--db", database_->conninfo(), "--all", "--anchor", anchor_});
  EXPECT_EQ(alone.exit_code, 2);
}

}  // namespace
}  // namespace ombudsflow::testing
