#include "engine/store/database.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <spdlog/spdlog.h>

namespace ombudsflow::store {
namespace {

// The libpq connection under `session`, or null. Every pooled session is
// opened with the PostgreSQL backend (and SOCI does not export the backend's
// type information for a dynamic_cast).
PGconn* PgConnection(soci::session& session) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  return backend == nullptr ? nullptr : backend->conn_;
}

bool ConnectionLost(soci::session& session) {
  PGconn* connection = PgConnection(session);
  return connection == nullptr || PQstatus(connection) != CONNECTION_OK;
}

// Class 08 is connection exceptions; 57P01-57P03 are the server shutting down
// or not yet accepting connections.
bool IsOutageState(const std::string& state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

// SOCI's what() and PostgreSQL's DETAIL quote the bound values, which include
// citizens' personal data: logs get the first line of the message only.
std::string LoggableMessage(const soci::soci_error& error) {
  std::string message = error.get_error_message();
  return message.substr(0, message.find('\n'));
}

// Errors carry their fields (the constraint's name among them) as lines
// libpq writes after the message, so they can be told apart without
// reading the server's wording, which follows its lc_messages.
void WithErrorFields(soci::session& session) {
  if (PGconn* connection = PgConnection(session)) PQsetErrorVerbosity(connection, PQERRORS_VERBOSE);
}

}  // namespace

std::string ConstraintName(const soci::soci_error& error) {
  // libpq puts "CONSTRAINT NAME:  <name>" after the message, its DETAIL
  // (which quotes values anyone may send) and its CONTEXT: the last such
  // line is the field's.
  static constexpr std::string_view kLabel = "\nCONSTRAINT NAME:  ";
  const std::string message = error.get_error_message();
  const auto at = message.rfind(kLabel);
  if (at == std::string::npos) return {};
  const auto start = at + kLabel.size();
  return message.substr(start, message.find('\n', start) - start);
}

std::string SqlState(const soci::soci_error& error) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    return pg->sqlstate();
  }
  return {};
}

Database::Database(Options options)
    : options_(std::move(options)),
      pool_(options_.pool_size),
      stale_(new std::atomic<bool>[options_.pool_size]) {
  for (std::size_t i = 0; i < options_.pool_size; ++i) {
    stale_[i] = false;
    connections_.push_back(std::make_unique<Connection>(pool_.at(i)));
  }
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Connect(const Options& options) {
  if (options.pool_size == 0) return std::unexpected(InvalidArgument("the pool size must be at least 1"));
  std::unique_ptr<Database> database(new Database(options));
  try {
    for (std::size_t i = 0; i < options.pool_size; ++i) {
      database->pool_.at(i).open(soci::postgresql, options.conninfo);
      WithErrorFields(database->pool_.at(i));
    }
  } catch (const soci::soci_error& error) {
    return std::unexpected(Unavailable("cannot connect to the database: " +
                                       std::string(error.get_error_message())));
  }
  return database;
}

Result<std::size_t> Database::Lease() {
  std::size_t position = 0;
  const auto asked = std::chrono::steady_clock::now();
  const bool leased = pool_.try_lease(position, static_cast<int>(options_.lease_timeout.count()));
  wait_micros_ += static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - asked).count());
  if (!leased) {
    ++timeouts_;
    return std::unexpected(Unavailable("no database connection became free in time"));
  }
  ++leases_;
  ++in_use_;
  if (stale_[position].load()) {
    try {
      connections_[position]->DropPrepared();  // they died with the old connection
      pool_.at(position).reconnect();
      WithErrorFields(pool_.at(position));
      stale_[position] = false;
      spdlog::info("database connection {} reopened", position);
    } catch (const soci::soci_error& error) {
      GiveBack(position);
      spdlog::warn("database connection {} cannot be reopened: {}", position,
                   LoggableMessage(error));
      return std::unexpected(Unavailable("the database is unavailable; try again shortly"));
    }
  }
  return position;
}

void Database::GiveBack(std::size_t position) {
  --in_use_;
  pool_.give_back(position);
}

Error Database::TranslateCurrentException(std::size_t position, std::string_view what) {
  try {
    throw;
  } catch (const soci::soci_error& error) {
    const std::string state = SqlState(error);
    if (IsOutageState(state) || ConnectionLost(pool_.at(position))) {
      // The other idle connections went down with the server: reopen them
      // all instead of letting each fail once more.
      for (std::size_t i = 0; i < options_.pool_size; ++i) stale_[i] = true;
      spdlog::warn("{}: database connection lost: {}", what, LoggableMessage(error));
      return Unavailable("the database is unavailable; try again shortly");
    }
    spdlog::error("{}: database error {}: {}", what, state, LoggableMessage(error));
    return Internal("internal database error");
  } catch (const std::exception& error) {
    spdlog::error("{}: {}", what, error.what());
    return Internal("internal error");
  }
}

Result<void> Database::Ping() {
  return Run("ping", [](soci::session& session) -> Result<void> {
    int one = 0;
    session << "SELECT 1", soci::into(one);
    return {};
  });
}

}  // namespace ombudsflow::store
