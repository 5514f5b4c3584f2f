// The report tallies writers append are folded into the daily sums without
// a report ever seeing a tally twice or missing one.
#include "engine/store/report_store.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "engine/core/base/iso_date.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

// The sums a report reads, by measure/key/value.
std::map<std::string, long long> ByKey(const std::vector<TallySum>& sums) {
  std::map<std::string, long long> out;
  for (const auto& sum : sums) {
    out[sum.workflow + "/" + sum.department + "/" + sum.measure + "/" + sum.key + "/" + std::to_string(sum.value)] +=
        sum.count;
  }
  return out;
}

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(2);
    store_ = std::make_unique<ReportStore>(*pool_);
  }

  void Append(const std::string& day, const std::string& measure, const std::string& key, int value, int n) {
    database_->Execute("INSERT INTO report_tally_deltas (day, workflow, department, measure, key, value, n) VALUES ('" +
                       day + "', 'complaint', 'BUF', '" + measure + "', '" + key + "', " + std::to_string(value) +
                       ", " + std::to_string(n) + ")");
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  std::unique_ptr<ReportStore> store_;
};

TEST_F(ReportStoreTest, CompactingMovesTheDeltasIntoTheSumsAndChangesNoReport) {
  const Date from = *ParseIsoDate("2026-01-01"), to = *ParseIsoDate("2026-12-31");
  Append("2026-03-02", "outcome", "criticism", 0, 1);
  Append("2026-03-02", "outcome", "criticism", 0, 2);
  Append("2026-03-02", "stage", "hearing", 12, 1);
  Append("2027-01-04", "outcome", "criticism", 0, 5);  // outside the period
  const auto before = store_->Tallies(from, to);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  EXPECT_EQ(ByKey(*before)["complaint/BUF/outcome/criticism/0"], 3);

  auto moved = store_->Compact();
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  EXPECT_EQ(*moved, 4);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM report_tally_deltas"), 0);
  EXPECT_EQ(database_->Scalar("SELECT n FROM report_tallies WHERE measure = 'outcome' AND day = '2026-03-02'"), 3);
  const auto after = store_->Tallies(from, to);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(ByKey(*after), ByKey(*before));

  // More of the same day add to its sum; compacting nothing moves nothing.
  Append("2026-03-02", "outcome", "criticism", 0, 1);
  EXPECT_EQ(ByKey(*store_->Tallies(from, to))["complaint/BUF/outcome/criticism/0"], 4);
  EXPECT_EQ(*store_->Compact(), 1);
  EXPECT_EQ(*store_->Compact(), 0);
  EXPECT_EQ(ByKey(*store_->Tallies(from, to))["complaint/BUF/outcome/criticism/0"], 4);
}

TEST_F(ReportStoreTest, TwoCompactorsAtOnceCountEveryDeltaOnce) {
  for (int i = 0; i < 500; ++i) Append("2026-05-0" + std::to_string(1 + i % 5), "transition", "assess_points", 0, 1);
  const auto other_pool = database_->Connect(1);
  ReportStore other(*other_pool);
  long long first = 0, second = 0;
  std::thread a([&] { first = store_->Compact().value_or(-1); });
  std::thread b([&] { second = other.Compact().value_or(-1); });
  a.join();
  b.join();
  EXPECT_EQ(first + second, 500);
  EXPECT_EQ(database_->Scalar("SELECT sum(n) FROM report_tallies WHERE measure = 'transition'"), 500);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM report_tally_deltas"), 0);
}

}  // namespace
}  // namespace ombudsflow::store
