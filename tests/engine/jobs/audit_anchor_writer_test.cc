// The audit anchor's writer against the real PostgreSQL: a file's first
// checkpoint holds every case, later ones only the heads that changed, none
// missed when it committed after a checkpoint read, and a restarted server
// goes on where the file left off.
#include "engine/jobs/audit_anchor_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <soci/postgresql/soci-postgresql.h>

#include "engine/service/audit_anchor_line.h"
#include "engine/store/complaint_store.h"
#include "engine/store/transition_store.h"
#include "tests/support/chained_case.h"
#include "tests/support/fake_clock.h"
#include "tests/support/new_complaint.h"
#include "tests/support/test_database.h"

namespace ombudsflow::jobs {
namespace {

using testing::TestDatabase;

std::string CaseId(int n) {
  char id[37];
  std::snprintf(id, sizeof id, "c0ffee00-0000-4000-8000-%012d", n);
  return id;
}

class AuditAnchorWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("ombudsflow-anchor-writer-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove(path_);
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(2);
    complaints_ = std::make_unique<store::ComplaintStore>(*pool_, store::ComplaintStore::Options{});
    cases_ = std::make_unique<store::TransitionStore>(*pool_, "Europe/Copenhagen");
    anchors_ = std::make_unique<store::AuditAnchorStore>(*pool_);
    for (int n = 1; n <= 3; ++n) {
      ASSERT_TRUE(complaints_->Insert(testing::RegistrableComplaint(CaseId(n), FromUnixMicros(1'780'308'000'000'000)))
                      .has_value());
    }
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::unique_ptr<AuditAnchorWriter> Open() {
    auto writer = AuditAnchorWriter::Open(*anchors_, clock_, {.path = path_.string(), .key = key_, .heads_per_line = 2});
    EXPECT_TRUE(writer.has_value()) << writer.error().message;
    return writer ? std::move(*writer) : nullptr;
  }

  // Every checkpoint line in the file, each verified with the key.
  std::vector<service::AnchorCheckpoint> Lines() {
    std::vector<service::AnchorCheckpoint> lines;
    std::ifstream file(path_);
    for (std::string line; std::getline(file, line);) {
      auto read = service::ReadCheckpoint(line, key_.public_key);
      EXPECT_TRUE(read.has_value()) << line;
      if (read) lines.push_back(read->checkpoint);
    }
    return lines;
  }

  std::filesystem::path path_;
  service::AnchorKey key_ = service::NewAnchorKey();
  testing::FakeClock clock_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Database> pool_;
  std::unique_ptr<store::ComplaintStore> complaints_;
  std::unique_ptr<store::TransitionStore> cases_;
  std::unique_ptr<store::AuditAnchorStore> anchors_;
};

TEST_F(AuditAnchorWriterTest, TheFirstCheckpointHoldsEveryCaseAndLaterOnesWhatChanged) {
  auto writer = Open();
  ASSERT_EQ(writer->Checkpoint(), 3u);
  auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u);  // two heads a line
  EXPECT_EQ(lines[0].heads.size(), 2u);
  EXPECT_EQ(lines[0].heads[0].complaint_id, CaseId(1));
  EXPECT_FALSE(lines[0].resume_from);
  EXPECT_TRUE(lines[1].resume_from);
  EXPECT_EQ(lines[1].number, 2u);

  EXPECT_EQ(writer->Checkpoint(), 0u);  // nothing changed, nothing written
  EXPECT_EQ(Lines().size(), 2u);

  testing::AdvanceCase(*cases_, CaseId(2), 3);
  ASSERT_EQ(writer->Checkpoint(), 1u);
  lines = Lines();
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_EQ(lines[2].heads.size(), 1u);
  EXPECT_EQ(lines[2].heads[0].complaint_id, CaseId(2));
  EXPECT_EQ(lines[2].heads[0].seq, 3u);
  auto stored = cases_->Load(CaseId(2));
  EXPECT_EQ(lines[2].heads[0].hash, stored->last_event_hash);
}

TEST_F(AuditAnchorWriterTest, AChangeThatCommitsAfterACheckpointReadIsInTheNext) {
  auto writer = Open();
  ASSERT_EQ(writer->Checkpoint(), 3u);
  // Another connection changes case 3's head and has not committed when the
  // checkpoint reads; it commits right after.
  soci::session other(soci::postgresql, database_->conninfo());
  soci::transaction late(other);
  const auto stored = cases_->Load(CaseId(3));
  const AuditEvent event = Sealed(AuditEvent{.complaint_id = CaseId(3), .seq = 2,
                                             .occurred_at = FromUnixMicros(1'780'308'000'000'100),
                                             .actor_role = "caseworker", .actor = "Anne", .kind = "transition",
                                             .payload_json = "{}", .details_json = std::nullopt,
                                             .prev_hash = stored->last_event_hash, .hash = {}});
  // soci::use keeps a reference: bind a variable, never a temporary.
  const std::string id = CaseId(3);
  other << "UPDATE case_state SET version = 2, last_event_hash = :hash WHERE id = :id::uuid",
      soci::use(event.hash, "hash"), soci::use(id, "id");
  EXPECT_EQ(writer->Checkpoint(), 0u);
  late.commit();
  ASSERT_EQ(writer->Checkpoint(), 1u);
  const auto lines = Lines();
  ASSERT_EQ(lines.back().heads.size(), 1u);
  EXPECT_EQ(lines.back().heads[0], (ChainHead{CaseId(3), 2, event.hash}));
}

TEST_F(AuditAnchorWriterTest, ARestartedWriterGoesOnWhereTheFileLeftOff) {
  ASSERT_EQ(Open()->Checkpoint(), 3u);
  testing::AdvanceCase(*cases_, CaseId(1), 2);
  auto restarted = Open();
  // From the file's resume point: the changed case, not every case again
  // (unless a transaction elsewhere in the cluster held that point back).
  auto written = restarted->Checkpoint();
  ASSERT_TRUE(written.has_value());
  EXPECT_GE(*written, 1u);
  const auto lines = Lines();
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[2].number, 3u);
  // The last head written (a checkpoint's last line is empty when its heads
  // filled the lines before it exactly, as they do when it holds back).
  std::vector<ChainHead> heads;
  for (std::size_t i = 2; i < lines.size(); ++i) heads.insert(heads.end(), lines[i].heads.begin(), lines[i].heads.end());
  ASSERT_EQ(heads.size(), *written);
  EXPECT_EQ(heads.back().complaint_id, *written == 1 ? CaseId(1) : CaseId(3));
  bool anchored = false;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    for (const ChainHead& head : lines[i].heads) anchored |= head.complaint_id == CaseId(1) && head.seq == 2;
  }
  EXPECT_TRUE(anchored);

  // A file that ends in a line this key did not sign gets no more lines.
  std::ofstream(path_, std::ios::app) << "{\"checkpoint\":{},\"signature\":\"00\"}\n";
  auto refused = AuditAnchorWriter::Open(*anchors_, clock_, {.path = path_.string(), .key = key_});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  std::ofstream(path_, std::ios::app) << "{\"checkpoint\"";
  EXPECT_FALSE(AuditAnchorWriter::Open(*anchors_, clock_, {.path = path_.string(), .key = key_}).has_value());
}

}  // namespace
}  // namespace ombudsflow::jobs
