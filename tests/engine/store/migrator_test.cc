#include "engine/store/migrator.h"

#include <gtest/gtest.h>

#include <algorithm>
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

Migration Parsed(std::string name, std::string sql) {
  auto migration = ParseMigration(std::move(name), std::move(sql));
  EXPECT_TRUE(migration.has_value()) << migration.error().message;
  return migration.value_or(Migration{});
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
  migrations.push_back(Parsed("9999_later.sql", "CREATE TABLE later (x int);"));

  auto result = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message.find("0001_initial.sql has changed"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'later'"), 0);
}

TEST_F(MigratorTest, RollsBackAFailingMigrationWhole) {
  auto migrations = ProjectMigrations();
  migrations.push_back(
      Parsed("9999_broken.sql", "CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;"));
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
  migrations.push_back(Parsed("9999_extra.sql", "SELECT 1;"));
  ASSERT_TRUE(ApplyMigrations(*pool_, migrations).has_value());
  migrations.pop_back();
  auto result = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("9999_extra.sql is applied"), std::string::npos);
}


// A rolling upgrade: the newer release migrates while this release's
// servers go on serving and starting.
TEST_F(MigratorTest, AServerRunsOnMigrationsANewerReleaseAppliedUnlessOneBreaksIt) {
  auto migrations = ProjectMigrations();
  auto newer = migrations;
  newer.push_back(Parsed("9998_added.sql", "CREATE TABLE added (x int);"));
  newer.push_back(Parsed("9999_dropped.sql",
                         "-- compatibility: contract: the previous release no longer reads added\n"
                         "DROP TABLE added;"));
  ASSERT_TRUE(ApplyMigrations(*pool_, newer).has_value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM schema_migrations "
                              "WHERE name = '9999_dropped.sql' AND compatibility = 'contract'"),
            1);

  auto ahead = CheckMigrationsApplied(*pool_, migrations);
  ASSERT_TRUE(ahead.has_value()) << ahead.error().message;
  EXPECT_EQ(ahead->newer, (std::vector<std::string>{"9998_added.sql", "9999_dropped.sql"}));
  EXPECT_TRUE(CheckMigrationsApplied(*pool_, newer)->newer.empty());

  // The older release may serve, but not migrate, a newer schema.
  auto migrate = ApplyMigrations(*pool_, migrations);
  ASSERT_FALSE(migrate.has_value());
  EXPECT_NE(migrate.error().message.find("migrated by a newer release"), std::string::npos)
      << migrate.error().message;
}

TEST_F(MigratorTest, AServerRefusesASchemaANewerReleaseBrokeForIt) {
  auto migrations = ProjectMigrations();
  auto newer = migrations;
  newer.push_back(Parsed("9999_renamed.sql",
                         "-- compatibility: breaking: departments' code becomes their id\n"
                         "CREATE TABLE renamed (x int);"));
  ASSERT_TRUE(ApplyMigrations(*pool_, newer).has_value());
  auto check = CheckMigrationsApplied(*pool_, migrations);
  ASSERT_FALSE(check.has_value());
  EXPECT_EQ(check.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(check.error().message.find("9999_renamed.sql, applied by a newer release, breaks"),
            std::string::npos)
      << check.error().message;
}

TEST_F(MigratorTest, AServerRefusesAMigrationFromAnotherBranch) {
  auto migrations = ProjectMigrations();
  auto other = migrations;
  // Sorts before this release's newest: not a newer release's, another branch's.
  other.push_back(Parsed("0051_another_branch.sql", "CREATE TABLE elsewhere (x int);"));
  std::sort(other.begin(), other.end(), [](const Migration& a, const Migration& b) { return a.name < b.name; });
  ASSERT_TRUE(ApplyMigrations(*pool_, other).has_value());
  auto check = CheckMigrationsApplied(*pool_, migrations);
  ASSERT_FALSE(check.has_value());
  EXPECT_NE(check.error().message.find("another branch"), std::string::npos) << check.error().message;
}

// `migrate` never contracts the schema under a server that still needs
// what goes: the running servers' table says who runs what.
class RunningServersTest : public MigratorTest {
 protected:
  void SetUp() override {
    MigratorTest::SetUp();
    migrations_ = ProjectMigrations();
    ASSERT_TRUE(ApplyMigrations(*pool_, migrations_).has_value());
    // The release before the contract: it shipped every migration up to now.
    ShippedRelease previous{.name = "v0.9.0", .migrations = {}};
    for (const Migration& migration : migrations_) previous.migrations.push_back(migration.name);
    releases_ = {previous};
  }
  // A server built with migrations up to `newest`, last heard `silent` seconds ago.
  void Running(const std::string& newest, int silent = 0) {
    database_->Execute("INSERT INTO running_servers (id, release, newest_migration, host, pid, seen_at) VALUES (gen_random_uuid(), "
                       "'v0.x', '" + newest + "', 'host" + std::to_string(++servers_) + "', 4242, now() - interval '" +
                       std::to_string(silent) + " seconds')");
  }
  Result<MigrationReport> Apply(const std::string& header) {
    auto next = migrations_;
    next.push_back(Parsed("9999_narrows.sql", header + "\nCREATE TABLE narrowed (x int);"));
    return ApplyMigrations(*pool_, next, releases_);
  }
  long long Applied() { return database_->Scalar("SELECT count(*) FROM schema_migrations WHERE name = '9999_narrows.sql'"); }

  std::vector<Migration> migrations_;
  std::vector<ShippedRelease> releases_;
  int servers_ = 0;
};

TEST_F(RunningServersTest, AContractWaitsForTheServersOfOlderReleases) {
  Running(migrations_.back().name);           // the previous release's server: may stay
  Running("0040_whistleblower.sql");          // an older one's: must go first
  auto refused = Apply("-- compatibility: contract: the previous release no longer reads it");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("host2 pid 4242 (v0.x, built with migrations up to 0040_whistleblower.sql)"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("host1"), std::string::npos) << refused.error().message;
  EXPECT_EQ(Applied(), 0);

  database_->Execute("DELETE FROM running_servers WHERE newest_migration = '0040_whistleblower.sql'");
  auto applied = Apply("-- compatibility: contract: the previous release no longer reads it");
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  EXPECT_EQ(Applied(), 1);
}

TEST_F(RunningServersTest, ABreakingMigrationWaitsForEveryServerAndAnExpansionForNone) {
  Running(migrations_.back().name);
  Running("0001_initial.sql", 3600);  // killed an hour ago: no longer counts
  auto refused = Apply("-- compatibility: breaking: renames what every server reads");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("Stop them"), std::string::npos) << refused.error().message;
  EXPECT_EQ(refused.error().message.find("0001_initial.sql"), std::string::npos) << refused.error().message;
  EXPECT_EQ(Applied(), 0);

  auto expanded = Apply("-- Adds a table.");
  ASSERT_TRUE(expanded.has_value()) << expanded.error().message;
  EXPECT_EQ(Applied(), 1);
}

TEST(ReadReleases, ReadsTheShippedReleasesOldestFirst) {
  auto releases = ReadReleases(OMBUDSFLOW_SQL_DIR);
  ASSERT_TRUE(releases.has_value()) << releases.error().message;
  ASSERT_FALSE(releases->empty());
  EXPECT_EQ(releases->front().name, "v0.1.0");
  EXPECT_EQ(releases->front().migrations.size(), 51u);
  EXPECT_EQ(releases->front().migrations.back(), "0051_search_refresh_planned_once.sql");
  EXPECT_TRUE(ReadReleases("/nonexistent/ombudsflow/sql")->empty());
}

TEST(ParseMigration, AMigrationExpandsUnlessItsHeaderSaysOtherwise) {
  EXPECT_EQ(Parsed("0001_a.sql", "-- Adds a table.\nCREATE TABLE a (x int);").compatibility,
            Compatibility::kExpand);
  const Migration contract = Parsed(
      "0002_b.sql", "-- Drops a column.\n--\n-- compatibility: contract: unread since 0.2\nALTER TABLE a DROP x;");
  EXPECT_EQ(contract.compatibility, Compatibility::kContract);
  EXPECT_EQ(contract.compatibility_reason, "unread since 0.2");
  EXPECT_EQ(Parsed("0003_c.sql", "-- compatibility: breaking: renames\r\nSELECT 1;").compatibility,
            Compatibility::kBreaking);
  // Only the header counts: a comment after the first statement is not a declaration.
  EXPECT_EQ(Parsed("0004_d.sql", "SELECT 1;\n-- compatibility: breaking: no\n").compatibility,
            Compatibility::kExpand);
}

TEST(ParseMigration, RefusesADeclarationItCannotRead) {
  for (const char* header : {"-- compatibility: contract\n", "-- compatibility: contract:   \n",
                             "-- compatibility: shrink: why\n", "-- Compatibility: Contract: why\n",
                             "-- compatibility: expand\n-- compatibility: breaking: twice\n"}) {
    auto migration = ParseMigration("0001_a.sql", std::string(header) + "SELECT 1;");
    EXPECT_FALSE(migration.has_value()) << header;
    if (!migration) {
      EXPECT_NE(migration.error().message.find("0001_a.sql"), std::string::npos);
    }
  }
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
