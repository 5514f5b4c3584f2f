#pragma once

#include <atomic>
#include <map>
#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <soci/soci.h>

#include "engine/core/base/error.h"

namespace ombudsflow::store {

/// One leased connection: the session, and statements prepared on it that
/// live as long as the connection does (a reconnect drops them).
class Connection {
 public:
  explicit Connection(soci::session& session) : session_(session) {}

  [[nodiscard]] soci::session& session() { return session_; }

  /// The prepared statement kept under `key` on this connection, created by
  /// `T(session, args...)` on first use. T holds a soci::statement and the variables
  /// it is bound to; callers set the variables, then execute.
  template <class T, class... Args>
  [[nodiscard]] T& Prepared(const std::string& key, const Args&... args) {
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      it = prepared_.emplace(key, std::shared_ptr<void>(std::make_shared<T>(session_, args...))).first;
    }
    return *static_cast<T*>(it->second.get());
  }

  void DropPrepared() { prepared_.clear(); }

 private:
  soci::session& session_;
  std::map<std::string, std::shared_ptr<void>> prepared_;
};

/// A pool of PostgreSQL sessions (SOCI's connection_pool) that survives
/// database restarts. When any call finds the server gone, every pooled
/// connection is marked stale and reopened on its next lease, so the server
/// recovers on the next requests without a restart of its own.
///
/// SOCI is synchronous: call Run from worker threads, never from I/O threads.
class Database {
 public:
  struct Options {
    std::string conninfo;
    std::size_t pool_size = 8;
    std::chrono::milliseconds lease_timeout{5000};
  };

  /// Opens every connection of the pool. Fails with kUnavailable when the
  /// database cannot be reached, with libpq's reason.
  [[nodiscard]] static Result<std::unique_ptr<Database>> Connect(const Options& options);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Leases a session, runs `work(session)` and gives the session back.
  /// `work` returns Result<T>; database exceptions it lets escape become
  /// kUnavailable (connection lost, server shutting down, pool exhausted) or
  /// kInternal (anything else, logged with `what` for context).
  template <class Work>
  [[nodiscard]] std::invoke_result_t<Work, soci::session&> Run(std::string_view what,
                                                               Work&& work);

  /// Run, for work that keeps prepared statements on the connection.
  template <class Work>
  [[nodiscard]] std::invoke_result_t<Work, Connection&> RunPrepared(std::string_view what,
                                                                    Work&& work);

  /// One round trip; kUnavailable when the database does not answer.
  [[nodiscard]] Result<void> Ping();

  [[nodiscard]] std::size_t pool_size() const { return options_.pool_size; }

  /// The pool as the metrics read it: connections leased now, and the
  /// leases and the time spent waiting for them since start.
  struct PoolStats {
    std::size_t in_use = 0;
    std::uint64_t leases = 0;
    std::uint64_t wait_micros = 0;
    std::uint64_t timeouts = 0;
  };
  [[nodiscard]] PoolStats Stats() const {
    return {in_use_.load(), leases_.load(), wait_micros_.load(), timeouts_.load()};
  }

 private:
  explicit Database(Options options);

  Result<std::size_t> Lease();
  void GiveBack(std::size_t position);
  // Turns the exception in flight into an Error, noting a lost connection.
  Error TranslateCurrentException(std::size_t position, std::string_view what);

  Options options_;
  soci::connection_pool pool_;
  // One flag per pooled session: reconnect before the next use.
  std::unique_ptr<std::atomic<bool>[]> stale_;
  // One per pooled session; only the session's lessee touches it.
  std::vector<std::unique_ptr<Connection>> connections_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::uint64_t> leases_{0};
  std::atomic<std::uint64_t> wait_micros_{0};
  std::atomic<std::uint64_t> timeouts_{0};
};

/// The SQLSTATE of a PostgreSQL error, or empty for other exceptions.
[[nodiscard]] std::string SqlState(const soci::soci_error& error);

/// The constraint a PostgreSQL error names (a unique or foreign key
/// violation's), or empty. From the error's own field, on connections of a
/// Database, not from its wording.
[[nodiscard]] std::string ConstraintName(const soci::soci_error& error);

/// The rows `query` returns with `uses` bound, fetched in one round trip
/// to the server, to iterate once as a soci::rowset is:
///
///   for (const soci::row& row : Rows(session, "SELECT ...", soci::use(id, "id"))) ...
///
/// A rowset prepares a named statement, executes it and deallocates it:
/// three round trips for a statement that runs once.
class Rows {
 public:
  template <class... Uses>
  Rows(soci::session& session, const std::string& query, Uses&&... uses) : statement_(session) {
    (statement_.exchange(std::forward<Uses>(uses)), ...);
    statement_.exchange(soci::into(*row_));
    statement_.alloc();
    statement_.prepare(query, soci::details::st_one_time_query);
    statement_.define_and_bind();
    got_ = statement_.execute(true);
  }
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  class iterator {
   public:
    explicit iterator(Rows* rows) : rows_(rows) {}
    const soci::row& operator*() const { return *rows_->row_; }
    iterator& operator++() {
      rows_->got_ = rows_->statement_.fetch();
      return *this;
    }
    // Only ever compared with end(): more rows or not.
    bool operator!=(const iterator& /*end*/) const { return rows_->got_; }

   private:
    Rows* rows_;
  };
  [[nodiscard]] iterator begin() { return iterator(this); }
  [[nodiscard]] iterator end() { return iterator(nullptr); }

 private:
  soci::statement statement_;
  std::unique_ptr<soci::row> row_ = std::make_unique<soci::row>();
  bool got_ = false;
};

/// Runs `query` (an INSERT, UPDATE or DELETE) with `uses` bound, in one
/// round trip; the number of rows it changed.
template <class... Uses>
long long ExecuteCountingRows(soci::session& session, const std::string& query, Uses&&... uses) {
  soci::statement statement(session);
  (statement.exchange(std::forward<Uses>(uses)), ...);
  statement.alloc();
  statement.prepare(query, soci::details::st_one_time_query);
  statement.define_and_bind();
  statement.execute(true);
  return statement.get_affected_rows();
}

inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";

template <class Work>
std::invoke_result_t<Work, soci::session&> Database::Run(std::string_view what, Work&& work) {
  auto position = Lease();
  if (!position) return std::unexpected(position.error());
  try {
    auto result = work(pool_.at(*position));
    GiveBack(*position);
    return result;
  } catch (...) {
    Error error = TranslateCurrentException(*position, what);
    GiveBack(*position);
    return std::unexpected(std::move(error));
  }
}

template <class Work>
std::invoke_result_t<Work, Connection&> Database::RunPrepared(std::string_view what, Work&& work) {
  auto position = Lease();
  if (!position) return std::unexpected(position.error());
  try {
    auto result = work(*connections_[*position]);
    GiveBack(*position);
    return result;
  } catch (...) {
    Error error = TranslateCurrentException(*position, what);
    // A failed statement may leave a prepared one unusable: start afresh.
    connections_[*position]->DropPrepared();
    GiveBack(*position);
    return std::unexpected(std::move(error));
  }
}

}  // namespace ombudsflow::store
