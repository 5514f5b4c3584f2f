#include "engine/store/session_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> SessionStore::Create(const std::string& id_hash, const std::string& user_id, Timestamp now,
                                  Timestamp expires_at) {
  return database_.Run("create session", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    session << "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)"
               " VALUES (:hash, :user::uuid, " OF_MICROS_TO_TIMESTAMPTZ(":now") ", " OF_MICROS_TO_TIMESTAMPTZ(
                   ":seen") ", " OF_MICROS_TO_TIMESTAMPTZ(":expires") ")",
        soci::use(id_hash, "hash"), soci::use(user_id, "user"), soci::use(at, "now"), soci::use(at, "seen"),
        soci::use(expires, "expires");
    return {};
  });
}

Result<SessionGrant> SessionStore::Authenticate(const std::string& id_hash, Timestamp now,
                                                std::chrono::seconds idle) {
  return database_.Run("authenticate session", [&](soci::session& session) -> Result<SessionGrant> {
    const long long at = ToUnixMicros(now);
    const long long idle_seconds = idle.count();
    soci::row row;
    // One round trip: find, check both timeouts and the user, and note
    // the use when the last one noted is over a minute old.
    session << "WITH found AS ("
               "  SELECT s.id_hash, u.id::text AS user_id, u.display_name, u.role, coalesce(u.department, '') AS dept,"
               "    (extract(epoch FROM s.expires_at) * 1000000)::bigint AS expires,"
               "    s.last_seen_at < " OF_MICROS_TO_TIMESTAMPTZ(":now1") " - interval '1 minute' AS stale"
               "  FROM sessions s JOIN users u ON u.id = s.user_id"
               "  WHERE s.id_hash = :hash AND u.active"
               "    AND s.expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now2")
               "    AND s.last_seen_at > " OF_MICROS_TO_TIMESTAMPTZ(":now3") " - :idle::bigint * interval '1 second'),"
               " touched AS (UPDATE sessions SET last_seen_at = " OF_MICROS_TO_TIMESTAMPTZ(":now4")
               "  WHERE id_hash IN (SELECT id_hash FROM found WHERE stale))"
               " SELECT user_id, display_name, role, dept, expires FROM found",
        soci::use(at, "now1"), soci::use(id_hash, "hash"), soci::use(at, "now2"), soci::use(at, "now3"),
        soci::use(idle_seconds, "idle"), soci::use(at, "now4"), soci::into(row);
    if (!session.got_data()) {
      return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the session has ended: sign in again"));
    }
    auto role = ParseRole(row.get<std::string>(2));
    if (!role) return std::unexpected(Internal("a stored user has an unknown role"));
    return SessionGrant{Actor{*role, row.get<std::string>(3), row.get<std::string>(1), {}, row.get<std::string>(0)},
                        FromUnixMicros(row.get<long long>(4))};
  });
}

Result<void> SessionStore::End(const std::string& id_hash) {
  return database_.Run("end session", [&](soci::session& session) -> Result<void> {
    session << "DELETE FROM sessions WHERE id_hash = :hash", soci::use(id_hash, "hash");
    return {};
  });
}

Result<long long> SessionStore::Sweep(Timestamp now, std::chrono::seconds idle) {
  return database_.Run("sweep sessions", [&](soci::session& session) -> Result<long long> {
    const long long at = ToUnixMicros(now);
    const long long idle_seconds = idle.count();
    return ExecuteCountingRows(session,
                               "DELETE FROM sessions WHERE expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now1")
                               " OR last_seen_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now2")
                               " - :idle::bigint * interval '1 second'",
                               soci::use(at, "now1"), soci::use(at, "now2"), soci::use(idle_seconds, "idle"));
  });
}

Result<SessionStore::Failures> SessionStore::RecentFailures(const std::string& account_key,
                                                            const std::string& address_key, Timestamp window_start) {
  return database_.Run("count sign-in failures", [&](soci::session& session) -> Result<Failures> {
    const long long since = ToUnixMicros(window_start);
    Failures failures;
    session << "SELECT coalesce(max(failures) FILTER (WHERE key = :account1), 0),"
               " coalesce(max(failures) FILTER (WHERE key = :address1), 0)"
               " FROM sign_in_failures WHERE key IN (:account2, :address2)"
               " AND window_started_at >= " OF_MICROS_TO_TIMESTAMPTZ(":since"),
        soci::use(account_key, "account1"), soci::use(address_key, "address1"), soci::use(account_key, "account2"),
        soci::use(address_key, "address2"), soci::use(since, "since"), soci::into(failures.account),
        soci::into(failures.address);
    return failures;
  });
}

Result<void> SessionStore::RecordFailure(const std::string& account_key, const std::string& address_key,
                                         Timestamp now, Timestamp window_start) {
  return database_.Run("record sign-in failure", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long since = ToUnixMicros(window_start);
    session << "INSERT INTO sign_in_failures (key, failures, window_started_at)"
               " VALUES (:account, 1, " OF_MICROS_TO_TIMESTAMPTZ(":now1") "), (:address, 1, "
               OF_MICROS_TO_TIMESTAMPTZ(":now2") ")"
               " ON CONFLICT (key) DO UPDATE SET"
               "  failures = CASE WHEN sign_in_failures.window_started_at < " OF_MICROS_TO_TIMESTAMPTZ(":since1")
               "    THEN 1 ELSE sign_in_failures.failures + 1 END,"
               "  window_started_at = CASE WHEN sign_in_failures.window_started_at < " OF_MICROS_TO_TIMESTAMPTZ(
                   ":since2") " THEN EXCLUDED.window_started_at ELSE sign_in_failures.window_started_at END",
        soci::use(account_key, "account"), soci::use(at, "now1"), soci::use(address_key, "address"),
        soci::use(at, "now2"), soci::use(since, "since1"), soci::use(since, "since2");
    return {};
  });
}

Result<void> SessionStore::ClearFailures(const std::string& key) {
  return database_.Run("clear sign-in failures", [&](soci::session& session) -> Result<void> {
    session << "DELETE FROM sign_in_failures WHERE key = :key", soci::use(key, "key");
    return {};
  });
}

}  // namespace ombudsflow::store
