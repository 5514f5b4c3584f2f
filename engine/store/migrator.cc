#include "engine/store/migrator.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <re2/re2.h>
#include <sstream>
#include <tuple>
#include <utility>

#include "engine/core/base/hex.h"
#include "engine/store/running_servers_store.h"

namespace ombudsflow::store {
namespace {

// An arbitrary constant: the advisory lock key all ombudsflow migrators share.
constexpr long long kMigrationLockKey = 0x6f6d62756473;

constexpr const char* kCreateMigrationsTable = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()))";

// Databases migrated before migrations had a compatibility have expansions.
constexpr const char* kAddCompatibility = R"(
  ALTER TABLE schema_migrations
    ADD COLUMN IF NOT EXISTS compatibility text NOT NULL DEFAULT 'expand')";

// Read through to_jsonb so a server also reads a table without the column.
constexpr const char* kSelectApplied = R"(
  SELECT name, checksum, coalesce(to_jsonb(m) ->> 'compatibility', 'expand')
  FROM schema_migrations m)";

// Runs a whole migration file. SOCI prepares one statement at a time; a
// migration file holds many, which only libpq's simple query protocol takes.
void ExecuteScript(soci::session& session, const std::string& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  PGresult* result = PQexec(backend->conn_, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    PQclear(result);
    throw soci::postgresql_soci_error(message, state ? state : "");
  }
  PQclear(result);
}

struct Applied {
  std::string checksum;
  std::string compatibility;
};

std::map<std::string, Applied> AppliedMigrations(soci::session& session) {
  std::map<std::string, Applied> applied;
  soci::rowset<soci::row> rows = session.prepare << kSelectApplied;
  for (const auto& row : rows) {
    applied.emplace(row.get<std::string>(0), Applied{row.get<std::string>(1), row.get<std::string>(2)});
  }
  return applied;
}

// Every applied migration this release knows is unchanged; those it does not
// know are left to the caller.
Result<void> CompareKnown(const std::vector<Migration>& migrations,
                          const std::map<std::string, Applied>& applied) {
  for (const auto& [name, record] : applied) {
    auto it = std::find_if(migrations.begin(), migrations.end(),
                           [&](const Migration& m) { return m.name == name; });
    if (it == migrations.end()) continue;
    const std::string& checksum = record.checksum;
    if (it->checksum != checksum) {
      return std::unexpected(MakeError(
          ErrorCode::kFailedPrecondition,
          "migration " + name + " has changed since it was applied (checksum " +
              checksum.substr(0, 12) + " applied, " + it->checksum.substr(0, 12) +
              " on disk); add a new migration instead of editing an applied one"));
    }
  }
  return {};
}

std::string Describe(const std::vector<RunningServer>& servers) {
  std::string text;
  for (const RunningServer& server : servers) {
    text += (text.empty() ? "" : ", ") + server.host + " pid " + std::to_string(server.pid) + " (" + server.release +
            ", built with migrations up to " + server.newest_migration + ")";
  }
  return text;
}

// Whether a pending contract or breaking migration would take away what a
// running server needs.
Result<void> CheckRunningServers(soci::session& session, const std::vector<Migration>& pending,
                                 const std::vector<ShippedRelease>& releases) {
  for (const Migration& migration : pending) {
    if (migration.compatibility == Compatibility::kExpand) continue;
    const std::vector<RunningServer> live = LiveServers(session);
    if (live.empty()) return {};
    if (migration.compatibility == Compatibility::kBreaking) {
      return std::unexpected(MakeError(
          ErrorCode::kFailedPrecondition,
          "migration " + migration.name + " breaks the servers before it, and these still run: " + Describe(live) +
              ". Stop them (the office closes for this upgrade), then migrate; servers silent for " +
              std::to_string(kServerSilenceAllowed.count()) + " s no longer count"));
    }
    // The release before this migration's: its servers were built to do
    // without what a contract migration removes; older ones were not.
    const ShippedRelease* previous = nullptr;
    for (const ShippedRelease& release : releases) {
      if (std::find(release.migrations.begin(), release.migrations.end(), migration.name) == release.migrations.end() &&
          !release.migrations.empty()) {
        previous = &release;
      }
    }
    if (previous == nullptr) continue;
    const std::string& oldest_allowed = previous->migrations.back();
    std::vector<RunningServer> older;
    for (const RunningServer& server : live) {
      if (server.newest_migration < oldest_allowed) older.push_back(server);
    }
    if (!older.empty()) {
      return std::unexpected(MakeError(
          ErrorCode::kFailedPrecondition,
          "migration " + migration.name + " contracts the schema for " + previous->name +
              "'s servers and later, and these run an older release: " + Describe(older) + ". Upgrade them first"));
    }
  }
  return {};
}

std::vector<std::string> Unknown(const std::vector<Migration>& migrations,
                                 const std::map<std::string, Applied>& applied) {
  std::vector<std::string> unknown;
  for (const auto& [name, record] : applied) {
    if (std::none_of(migrations.begin(), migrations.end(), [&](const Migration& m) { return m.name == name; })) {
      unknown.push_back(name);
    }
  }
  return unknown;
}

}  // namespace

std::string_view CompatibilityName(Compatibility compatibility) {
  switch (compatibility) {
    case Compatibility::kExpand: return "expand";
    case Compatibility::kContract: return "contract";
    case Compatibility::kBreaking: return "breaking";
  }
  return "expand";
}

Result<Migration> ParseMigration(std::string name, std::string sql) {
  static const re2::RE2 kLine(R"(--\s*compatibility:\s*([a-z]*)\s*(?::\s*(.*?))?\s*)");
  Migration migration{.name = std::move(name), .sql = std::move(sql), .checksum = {}};
  migration.checksum = Sha256Hex(migration.sql);
  bool declared = false;
  std::istringstream lines(migration.sql);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!line.starts_with("--")) break;  // the header ends at the first statement
    std::string word;
    std::string reason;
    if (!re2::RE2::FullMatch(line, kLine, &word, &reason)) {
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const auto word_at = lower.find("compatibility");
      if (word_at != std::string::npos && lower.find(':', word_at) != std::string::npos) {
        return std::unexpected(InvalidArgument(migration.name + ": cannot read '" + line +
                                               "'; write '-- compatibility: contract: <why>'"));
      }
      continue;
    }
    if (declared) {
      return std::unexpected(InvalidArgument(migration.name + " declares its compatibility twice"));
    }
    declared = true;
    if (word == "expand") {
      migration.compatibility = Compatibility::kExpand;
    } else if (word == "contract") {
      migration.compatibility = Compatibility::kContract;
    } else if (word == "breaking") {
      migration.compatibility = Compatibility::kBreaking;
    } else {
      return std::unexpected(InvalidArgument(migration.name + ": compatibility '" + word +
                                             "' is none of expand, contract, breaking"));
    }
    migration.compatibility_reason = reason;
    if (migration.compatibility != Compatibility::kExpand && reason.empty()) {
      return std::unexpected(InvalidArgument(migration.name + " is " +
                                             std::string(CompatibilityName(migration.compatibility)) +
                                             " but does not say why: '-- compatibility: " +
                                             std::string(CompatibilityName(migration.compatibility)) +
                                             ": <why>'"));
    }
  }
  return migration;
}

Result<std::vector<Migration>> ReadMigrations(const std::filesystem::path& dir) {
  static const re2::RE2 kName(R"(\d{4}_[a-z0-9_]+\.sql)");
  std::error_code ec;
  std::filesystem::directory_iterator entries(dir, ec);
  if (ec) {
    return std::unexpected(InvalidArgument("cannot read the migrations folder " + dir.string() +
                                           ": " + ec.message()));
  }
  std::vector<Migration> migrations;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !re2::RE2::FullMatch(name, kName)) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    if (!file) return std::unexpected(InvalidArgument("cannot read " + entry.path().string()));
    auto migration = ParseMigration(name, text.str());
    if (!migration) return std::unexpected(migration.error());
    migrations.push_back(std::move(*migration));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.name < b.name; });
  if (migrations.empty()) {
    return std::unexpected(InvalidArgument("no NNNN_*.sql migrations in " + dir.string()));
  }
  return migrations;
}

Result<std::vector<ShippedRelease>> ReadReleases(const std::filesystem::path& dir) {
  static const re2::RE2 kManifest(R"(v(\d+)\.(\d+)\.(\d+)\.sha256)");
  static const re2::RE2 kLine(R"([0-9a-f]{64} [ *](\d{4}_[a-z0-9_]+\.sql))");
  std::vector<std::pair<std::tuple<int, int, int>, ShippedRelease>> found;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir / "releases", ec)) return std::vector<ShippedRelease>{};
  for (const auto& entry : std::filesystem::directory_iterator(dir / "releases", ec)) {
    const std::string file = entry.path().filename().string();
    int major = 0, minor = 0, patch = 0;
    if (!re2::RE2::FullMatch(file, kManifest, &major, &minor, &patch)) continue;
    ShippedRelease release{.name = entry.path().stem().string(), .migrations = {}};
    std::ifstream text(entry.path());
    for (std::string line; std::getline(text, line);) {
      std::string name;
      if (!re2::RE2::FullMatch(line, kLine, &name)) {
        return std::unexpected(InvalidArgument(entry.path().string() + ": cannot read '" + line + "'"));
      }
      release.migrations.push_back(name);
    }
    std::sort(release.migrations.begin(), release.migrations.end());
    found.push_back({{major, minor, patch}, std::move(release)});
  }
  if (ec) return std::unexpected(InvalidArgument("cannot read " + (dir / "releases").string() + ": " + ec.message()));
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ShippedRelease> releases;
  for (auto& [version, release] : found) releases.push_back(std::move(release));
  return releases;
}

Result<MigrationReport> ApplyMigrations(Database& database,
                                        const std::vector<Migration>& migrations,
                                        const std::vector<ShippedRelease>& releases) {
  return database.Run("apply migrations", [&](soci::session& session) -> Result<MigrationReport> {
    session << "SELECT pg_advisory_lock(:key)", soci::use(kMigrationLockKey);
    struct Unlock {
      soci::session& session;
      ~Unlock() {
        try {
          session << "SELECT pg_advisory_unlock(:key)", soci::use(kMigrationLockKey);
        } catch (const soci::soci_error&) {
          // The lock dies with the connection if the connection is gone.
        }
      }
    } unlock{session};

    // "relation already exists, skipping" is expected noise on every run.
    session << "SET client_min_messages = warning";
    session << kCreateMigrationsTable;
    session << kAddCompatibility;
    const auto applied = AppliedMigrations(session);
    if (auto same = CompareKnown(migrations, applied); !same) return std::unexpected(same.error());
    if (const auto unknown = Unknown(migrations, applied); !unknown.empty()) {
      return std::unexpected(MakeError(
          ErrorCode::kFailedPrecondition,
          "migration " + unknown.front() +
              " is applied to the database but this release does not have it: the database was "
              "migrated by a newer release (or another branch); migrate with that release"));
    }
    std::vector<Migration> pending;
    for (const auto& migration : migrations) {
      if (!applied.contains(migration.name)) pending.push_back(migration);
    }
    if (auto safe = CheckRunningServers(session, pending, releases); !safe) return std::unexpected(safe.error());
    MigrationReport report;
    for (const auto& migration : migrations) {
      if (applied.contains(migration.name)) {
        report.already_applied.push_back(migration.name);
        continue;
      }
      soci::transaction transaction(session);
      ExecuteScript(session, migration.sql);
      const std::string compatibility(CompatibilityName(migration.compatibility));
      session << "INSERT INTO schema_migrations (name, checksum, compatibility) "
                 "VALUES (:name, :checksum, :compatibility)",
          soci::use(migration.name), soci::use(migration.checksum), soci::use(compatibility);
      transaction.commit();
      report.applied.push_back(migration.name);
    }
    return report;
  });
}

Result<SchemaAhead> CheckMigrationsApplied(Database& database,
                                           const std::vector<Migration>& migrations) {
  return database.Run("check migrations", [&](soci::session& session) -> Result<SchemaAhead> {
    int exists = 0;
    session << "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'",
        soci::into(exists);
    std::map<std::string, Applied> applied;
    if (exists > 0) applied = AppliedMigrations(session);
    if (auto same = CompareKnown(migrations, applied); !same) return std::unexpected(same.error());
    for (const auto& migration : migrations) {
      if (!applied.contains(migration.name)) {
        return std::unexpected(MakeError(
            ErrorCode::kFailedPrecondition,
            "migration " + migration.name +
                " is not applied yet: run 'ombudsflow migrate --db ...' first"));
      }
    }
    SchemaAhead ahead;
    const std::string& newest = migrations.empty() ? std::string() : migrations.back().name;
    for (const std::string& name : Unknown(migrations, applied)) {
      if (name < newest) {
        return std::unexpected(MakeError(
            ErrorCode::kFailedPrecondition,
            "migration " + name + " is applied to the database but this release does not have it, " +
                "and it comes before this release's " + newest +
                ": the database belongs to another branch"));
      }
      if (applied.at(name).compatibility == "breaking") {
        return std::unexpected(MakeError(
            ErrorCode::kFailedPrecondition,
            "migration " + name + ", applied by a newer release, breaks the servers before it: " +
                "this server cannot run on the schema; upgrade it to a release that has " + name));
      }
      ahead.newer.push_back(name);
    }
    return ahead;
  });
}

}  // namespace ombudsflow::store
