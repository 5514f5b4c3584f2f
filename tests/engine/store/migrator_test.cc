#include "engine/store/migrator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

std::vector<Migration> ProjectMigrations() {
  auto migrations = ReadMigrations(OMBUDSFLOW_SQL_DIR);
  EXPECT_TRUE(migrations.has_value());
  return migrations.value_or(std::vector<Migration>{});
}

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Empty();
    pool_ = database_->Connect(1);
  }
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
};

TEST_F(MigratorTest, AppliesEveryMigrationOnceInOrder) {
  const auto migrations = ProjectMigrations();
  auto first = ApplyMigrations(*pool_, migrations);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->applied.size(), migrations.size());
  EXPECT_EQ(first->applied.front(), "0001_initial.sql");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM departments"), 7);

  auto second = ApplyMigrations(*pool_, migrations);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->already_applied.size(), migrations.size());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM schema_migrations"),
            static_cast<long long>(migrations.size()));
}

TEST_F(MigratorTest, RefusesAChangedMigrationAndAppliesNothing) {
  auto migrations = ProjectMigrations();
  ASSERT_TRUE(ApplyMigrations(*pool_, migrations).has_value());
  migrations[0].sql += "\n-- edited after the fact\n";
  migrations[0].checksum = "0000000000000000000000000000000000000000000000000000000000000000";
  migrations.push_back({"9999_later.sql", "CREATE TABLE later (x int);", std::string(64, '1')});

  auto result = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message.find("0001_initial.sql has changed"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'later'"), 0);
}

TEST_F(MigratorTest, RollsBackAFailingMigrationWhole) {
  auto migrations = ProjectMigrations();
  migrations.push_back({"9999_broken.sql",
                        "CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;",
                        std::string(64, '2')});
  auto result = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM schema_migrations WHERE name = '9999_broken.sql'"), 0);
}

TEST_F(MigratorTest, CheckTellsTheServerWhenTheSchemaIsBehind) {
  const auto migrations = ProjectMigrations();
  auto before = CheckMigrationsApplied(*pool_, migrations);
  ASSERT_FALSE(before.has_value());
  EXPECT_NE(before.error().message.find("ombudsflow migrate"), std::string::npos);
  ASSERT_TRUE(ApplyMigrations(*pool_, migrations).has_value());
  EXPECT_TRUE(CheckMigrationsApplied(*pool_, migrations).has_value());
}

TEST_F(MigratorTest, RefusesWhenAnAppliedFileIsMissing) {
  auto migrations = ProjectMigrations();
  migrations.push_back({"9999_extra.sql", "SELECT 1;", std::string(64, '3')});
  ASSERT_TRUE(ApplyMigrations(*pool_, migrations).has_value());
  migrations.pop_back();
  auto result = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("9999_extra.sql is applied"), std::string::npos);
}

TEST(ReadMigrations, ReadsOnlyNumberedSqlFilesInOrder) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("ombudsflow-migrations-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "0002_b.sql") << "SELECT 2;";
  std::ofstream(dir / "0001_a.sql") << "SELECT 1;";
  std::ofstream(dir / "README.md") << "not a migration";
  auto migrations = ReadMigrations(dir);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(migrations.has_value());
  ASSERT_EQ(migrations->size(), 2u);
  EXPECT_EQ((*migrations)[0].name, "0001_a.sql");
  EXPECT_EQ((*migrations)[1].sql, "SELECT 2;");
}

TEST(ReadMigrations, FailsForAMissingFolder) {
  EXPECT_FALSE(ReadMigrations("/nonexistent/ombudsflow/sql").has_value());
}

}  // namespace
}  // namespace ombudsflow::store
