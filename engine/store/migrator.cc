#include "engine/store/migrator.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <re2/re2.h>
#include <sstream>

#include "engine/core/base/hex.h"

namespace ombudsflow::store {
namespace {

// An arbitrary constant: the advisory lock key all ombudsflow migrators share.
constexpr long long kMigrationLockKey = 0x6f6d62756473;

constexpr const char* kCreateMigrationsTable = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()))";

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

Result<std::map<std::string, std::string>> AppliedChecksums(soci::session& session) {
  std::map<std::string, std::string> applied;
  soci::rowset<soci::row> rows = session.prepare << "SELECT name, checksum FROM schema_migrations";
  for (const auto& row : rows) applied.emplace(row.get<std::string>(0), row.get<std::string>(1));
  return applied;
}

Result<void> CompareWithApplied(const std::vector<Migration>& migrations,
                                const std::map<std::string, std::string>& applied) {
  for (const auto& [name, checksum] : applied) {
    auto it = std::find_if(migrations.begin(), migrations.end(),
                           [&](const Migration& m) { return m.name == name; });
    if (it == migrations.end()) {
      return std::unexpected(MakeError(
          ErrorCode::kFailedPrecondition,
          "migration " + name + " is applied to the database but its file is missing"));
    }
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

}  // namespace

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
    migrations.push_back({name, text.str(), Sha256Hex(text.str())});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.name < b.name; });
  if (migrations.empty()) {
    return std::unexpected(InvalidArgument("no NNNN_*.sql migrations in " + dir.string()));
  }
  return migrations;
}

Result<MigrationReport> ApplyMigrations(Database& database,
                                        const std::vector<Migration>& migrations) {
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
    auto applied = AppliedChecksums(session);
    if (!applied) return std::unexpected(applied.error());
    if (auto same = CompareWithApplied(migrations, *applied); !same) {
      return std::unexpected(same.error());
    }
    MigrationReport report;
    for (const auto& migration : migrations) {
      if (applied->contains(migration.name)) {
        report.already_applied.push_back(migration.name);
        continue;
      }
      soci::transaction transaction(session);
      ExecuteScript(session, migration.sql);
      session << "INSERT INTO schema_migrations (name, checksum) VALUES (:name, :checksum)",
          soci::use(migration.name), soci::use(migration.checksum);
      transaction.commit();
      report.applied.push_back(migration.name);
    }
    return report;
  });
}

Result<void> CheckMigrationsApplied(Database& database,
                                    const std::vector<Migration>& migrations) {
  return database.Run("check migrations", [&](soci::session& session) -> Result<void> {
    int exists = 0;
    session << "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'",
        soci::into(exists);
    std::map<std::string, std::string> applied;
    if (exists > 0) {
      auto read = AppliedChecksums(session);
      if (!read) return std::unexpected(read.error());
      applied = std::move(*read);
    }
    if (auto same = CompareWithApplied(migrations, applied); !same) {
      return std::unexpected(same.error());
    }
    for (const auto& migration : migrations) {
      if (!applied.contains(migration.name)) {
        return std::unexpected(MakeError(
            ErrorCode::kFailedPrecondition,
            "migration " + migration.name +
                " is not applied yet: run 'ombudsflow migrate --db ...' first"));
      }
    }
    return {};
  });
}

}  // namespace ombudsflow::store
