#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// One file of sql/, named NNNN_what.sql.
struct Migration {
  std::string name;  // the file name, "0001_initial.sql"
  std::string sql;
  std::string checksum;  // hex SHA-256 of `sql`
};

/// Reads the NNNN_*.sql files of `dir` in name order. Other files are ignored.
[[nodiscard]] Result<std::vector<Migration>> ReadMigrations(const std::filesystem::path& dir);

struct MigrationReport {
  std::vector<std::string> applied;          // applied by this call
  std::vector<std::string> already_applied;  // applied before
};

/// Applies the migrations not yet recorded in schema_migrations, in order,
/// each in its own transaction together with its record. Holds an advisory
/// lock so concurrent migrators wait for each other. Fails with
/// kFailedPrecondition, applying nothing, when an applied migration's file has
/// changed since (checksum) or has disappeared.
[[nodiscard]] Result<MigrationReport> ApplyMigrations(Database& database,
                                                      const std::vector<Migration>& migrations);

/// Checks that exactly `migrations` are applied and unchanged, so a server
/// never runs against a schema it was not built for. kFailedPrecondition
/// says what to do.
[[nodiscard]] Result<void> CheckMigrationsApplied(Database& database,
                                                  const std::vector<Migration>& migrations);

}  // namespace ombudsflow::store
