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

// Adds one to each key's count in its window, or starts a new window.
#define OF_COUNT_IN_WINDOW(since1, since2)                                                              \
  " ON CONFLICT (key) DO UPDATE SET"                                                                    \
  "  failures = CASE WHEN f.window_started_at < " OF_MICROS_TO_TIMESTAMPTZ(since1)                      \
  "    THEN 1 ELSE f.failures + 1 END,"                                                                 \
  "  window_started_at = CASE WHEN f.window_started_at < " OF_MICROS_TO_TIMESTAMPTZ(since2)             \
  "    THEN EXCLUDED.window_started_at ELSE f.window_started_at END"

Result<SessionStore::Attempts> SessionStore::CountAttempt(const std::string& pair_key, const std::string& address_key,
                                                          const std::string& success_key, Timestamp now,
                                                          Timestamp window_start) {
  return database_.Run("count sign-in attempt", [&](soci::session& session) -> Result<Attempts> {
    const long long at = ToUnixMicros(now);
    const long long since = ToUnixMicros(window_start);
    Attempts attempts;
    // Rows are locked in the order written (the pair, then the address),
    // the same in every attempt, so two attempts never wait on each other
    // in a circle.
    session << "WITH counted AS ("
               " INSERT INTO sign_in_failures AS f (key, failures, window_started_at)"
               " VALUES (:pair, 1, " OF_MICROS_TO_TIMESTAMPTZ(":now1") "), (:address, 1, "
               OF_MICROS_TO_TIMESTAMPTZ(":now2") ")"
               OF_COUNT_IN_WINDOW(":since1", ":since2")
               " RETURNING key, failures)"
               " SELECT coalesce(max(failures) FILTER (WHERE key = :pair2), 0),"
               " coalesce(max(failures) FILTER (WHERE key = :address2), 0),"
               " (SELECT coalesce(max(s.failures), 0) FROM sign_in_failures s WHERE s.key = :success"
               "   AND s.window_started_at >= " OF_MICROS_TO_TIMESTAMPTZ(":since3") ")"
               " FROM counted",
        soci::use(pair_key, "pair"), soci::use(at, "now1"), soci::use(address_key, "address"), soci::use(at, "now2"),
        soci::use(since, "since1"), soci::use(since, "since2"), soci::use(pair_key, "pair2"),
        soci::use(address_key, "address2"), soci::use(success_key, "success"), soci::use(since, "since3"),
        soci::into(attempts.pair), soci::into(attempts.address), soci::into(attempts.successes);
    return attempts;
  });
}

// Lowers the address's count by one, deleting it at nothing.
#define OF_LOWER_ADDRESS(first, second)                                                    \
  "DELETE FROM sign_in_failures WHERE key = " first " AND failures <= 1), lowered AS ("      \
  "UPDATE sign_in_failures SET failures = failures - 1 WHERE key = " second " AND failures > 1"

Result<void> SessionStore::Uncount(const std::string& address_key, const std::string& pair_key) {
  return database_.Run("uncount sign-in attempt", [&](soci::session& session) -> Result<void> {
    const std::string& pair = pair_key.empty() ? address_key : pair_key;
    int done = 0;
    session << "WITH cleared AS ("
               " DELETE FROM sign_in_failures WHERE key IN (:address1, :pair1) AND failures <= 1),"
               " lowered AS (UPDATE sign_in_failures SET failures = failures - 1"
               "   WHERE key IN (:address2, :pair2) AND failures > 1)"
               " SELECT 1",
        soci::use(address_key, "address1"), soci::use(pair, "pair1"), soci::use(address_key, "address2"),
        soci::use(pair, "pair2"), soci::into(done);
    return {};
  });
}

Result<void> SessionStore::RecordSuccess(const std::string& pair_key, const std::string& address_key,
                                         const std::string& success_key, Timestamp now, Timestamp window_start) {
  return database_.Run("record sign-in", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long since = ToUnixMicros(window_start);
    session << "WITH forgotten AS (DELETE FROM sign_in_failures WHERE key = :pair),"
               " cleared AS (" OF_LOWER_ADDRESS(":address1", ":address2") ")"
               " INSERT INTO sign_in_failures AS f (key, failures, window_started_at)"
               " VALUES (:success, 1, " OF_MICROS_TO_TIMESTAMPTZ(":now") ")"
               OF_COUNT_IN_WINDOW(":since1", ":since2"),
        soci::use(pair_key, "pair"), soci::use(address_key, "address1"), soci::use(address_key, "address2"),
        soci::use(success_key, "success"), soci::use(at, "now"), soci::use(since, "since1"),
        soci::use(since, "since2");
    return {};
  });
}

#undef OF_COUNT_IN_WINDOW
#undef OF_LOWER_ADDRESS

}  // namespace ombudsflow::store
