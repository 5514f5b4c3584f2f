// The complaint form's files against a real PostgreSQL: kept under the
// draft's lock within its limits, and gone with their bytes when their
// draft expires, so the draft can go too.
#include "engine/store/complaint_form_file_store.h"

#include <gtest/gtest.h>

#include "engine/store/complaint_form_store.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

constexpr std::string_view kBytes = "%PDF-1.4\n%%EOF\n";
const std::string kSha(64, 'a');

class ComplaintFormFileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(1);
    drafts_ = std::make_unique<ComplaintFormStore>(*pool_);
    files_ = std::make_unique<ComplaintFormFileStore>(*pool_, contents_);
  }

  // A draft under `key` until `expires`; the id its case will get.
  std::string Draft(const std::string& key, Timestamp expires) {
    EXPECT_TRUE(drafts_->Save(key, key, v1::ComplaintFormAnswers(), now_, expires, 100).has_value());
    return database_->Text("SELECT case_id FROM complaint_form_drafts WHERE key_hash = '" + key + "'");
  }

  Result<void> Keep(const std::string& key, const std::string& id, const StagedFileLimits& limits = {}) {
    const StagedFile file{.id = id, .file_name = "brev.pdf", .media_type = "application/pdf",
                          .size_bytes = kBytes.size()};
    const ReadAt read = [](std::uint64_t offset, std::size_t length) -> Result<std::string> {
      return std::string(kBytes.substr(offset, length));
    };
    return files_->Keep(key, file, read, kSha, now_, limits);
  }

  long long Contents() { return database_->Scalar("SELECT count(*) FROM document_contents"); }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  PostgresContentStore contents_;
  std::unique_ptr<ComplaintFormStore> drafts_;
  std::unique_ptr<ComplaintFormFileStore> files_;
  const Timestamp now_ = FromUnixMicros(1'796'000'000'000'000);
};

TEST_F(ComplaintFormFileStoreTest, AnExpiredDraftsFilesGoWithTheirBytesAndThenTheDraft) {
  const std::string expired_key(64, '1'), live_key(64, '2');
  Draft(expired_key, now_ + std::chrono::hours(1));
  const std::string live = Draft(live_key, now_ + std::chrono::hours(48));
  ASSERT_TRUE(Keep(expired_key, "00000000-0000-4000-8000-000000000001").has_value());
  ASSERT_TRUE(Keep(live_key, "00000000-0000-4000-8000-000000000002").has_value());
  ASSERT_EQ(Contents(), 2);

  const Timestamp later = now_ + std::chrono::hours(2);
  // The draft waits for its files: never deleted around them.
  ASSERT_EQ(drafts_->PurgeExpired(later, 100).value(), 0);
  EXPECT_EQ(files_->PurgeExpired(later, 100).value(), 1);
  EXPECT_EQ(Contents(), 1);
  EXPECT_EQ(drafts_->PurgeExpired(later, 100).value(), 1);
  EXPECT_EQ(files_->Of(live).value().size(), 1u);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_form_drafts"), 1);
}

TEST_F(ComplaintFormFileStoreTest, FilesAreKeptOnlyWithALiveUnsentDraftAndWithinItsLimits) {
  const std::string key(64, '3');
  const std::string draft = Draft(key, now_ + std::chrono::hours(1));
  const StagedFileLimits two{.files_per_draft = 2, .bytes_per_draft = 1024, .bytes_in_all = 1024};
  ASSERT_TRUE(Keep(key, "00000000-0000-4000-8000-000000000003", two).has_value());
  ASSERT_TRUE(Keep(key, "00000000-0000-4000-8000-000000000004", two).has_value());
  auto third = Keep(key, "00000000-0000-4000-8000-000000000005", two);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(third.error().field_violations.at(0).reason, kFormFileCount);
  auto bytes = Keep(key, "00000000-0000-4000-8000-000000000006", {.bytes_per_draft = 20});
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().field_violations.at(0).reason, kFormFileBytes);
  auto busy = Keep(key, "00000000-0000-4000-8000-000000000007", {.bytes_in_all = 40});
  ASSERT_FALSE(busy.has_value());
  EXPECT_EQ(busy.error().field_violations.at(0).reason, kFormFilesBusy);
  EXPECT_EQ(Contents(), 2);  // nothing of the refused ones

  // None for a draft that is unknown, or sent.
  auto unknown = Keep(std::string(64, '9'), "00000000-0000-4000-8000-000000000008");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(files_->Remove(draft, "00000000-0000-4000-8000-000000000003").value());
  EXPECT_FALSE(files_->Remove(draft, "00000000-0000-4000-8000-000000000003").value());
  EXPECT_FALSE(files_->Remove(std::string(36, 'x'), "00000000-0000-4000-8000-000000000004").value());
  EXPECT_EQ(Contents(), 1);
}

}  // namespace
}  // namespace ombudsflow::store
