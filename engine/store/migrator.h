#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// What a migration does to the servers of the release before it, which go
/// on running against the schema while a rolling upgrade replaces them
/// (docs/operations.md, "Upgrades"). A file says which in its header:
///
///   -- compatibility: contract: <why the previous release no longer needs it>
///   -- compatibility: breaking: <why it cannot be done in steps>
///
/// and is an expansion when it says nothing.
enum class Compatibility {
  kExpand,    // adds only: the previous release's server runs on it unchanged
  kContract,  // removes or narrows what the previous release no longer uses
  kBreaking,  // the previous release's server cannot run on it: the office closes to upgrade
};

[[nodiscard]] std::string_view CompatibilityName(Compatibility compatibility);

/// One file of sql/, named NNNN_what.sql.
struct Migration {
  std::string name;  // the file name, "0001_initial.sql"
  std::string sql;
  std::string checksum;  // hex SHA-256 of `sql`
  Compatibility compatibility = Compatibility::kExpand;
  std::string compatibility_reason;  // given for contract and breaking
};

/// Reads a migration's compatibility from its leading comment lines. An
/// unknown word, or a contract or breaking migration without its reason,
/// is an error: a typo must not pass for an expansion.
[[nodiscard]] Result<Migration> ParseMigration(std::string name, std::string sql);

/// Reads the NNNN_*.sql files of `dir` in name order. Other files are ignored.
[[nodiscard]] Result<std::vector<Migration>> ReadMigrations(const std::filesystem::path& dir);

/// A release as deploy/release.sh recorded it: the migrations it shipped.
struct ShippedRelease {
  std::string name;                     // "v0.1.0"
  std::vector<std::string> migrations;  // in name order
};

/// Reads `dir`/releases/v*.sha256, oldest release first; none when there is
/// no such folder.
[[nodiscard]] Result<std::vector<ShippedRelease>> ReadReleases(const std::filesystem::path& dir);

struct MigrationReport {
  std::vector<std::string> applied;          // applied by this call
  std::vector<std::string> already_applied;  // applied before
};

/// Applies the migrations not yet recorded in schema_migrations, in order,
/// each in its own transaction together with its record and compatibility.
/// Holds an advisory lock so concurrent migrators wait for each other. Fails
/// with kFailedPrecondition, applying nothing, when an applied migration's
/// file has changed since (checksum) or is not among `migrations` (the
/// database was migrated by a newer release or another branch).
///
/// Before a contract or breaking migration it reads the running servers
/// (sql/0052_running_servers.sql) and applies nothing, with
/// kFailedPrecondition naming them, while one still needs what it removes:
/// for a breaking migration, any server; for a contract one, a server built
/// before the release previous to it (per `releases`).
[[nodiscard]] Result<MigrationReport> ApplyMigrations(Database& database,
                                                      const std::vector<Migration>& migrations,
                                                      const std::vector<ShippedRelease>& releases = {});

/// The migrations a newer release applied after this release's newest: the
/// server runs on them during a rolling upgrade.
struct SchemaAhead {
  std::vector<std::string> newer;
};

/// Checks that every one of `migrations` is applied and unchanged, so a
/// server never runs against a schema it was not built for. Migrations a
/// newer release applied after them are accepted unless one is breaking;
/// any other applied migration this release does not know (a gap: another
/// branch) is refused. kFailedPrecondition says what to do.
[[nodiscard]] Result<SchemaAhead> CheckMigrationsApplied(Database& database,
                                                         const std::vector<Migration>& migrations);

}  // namespace ombudsflow::store
