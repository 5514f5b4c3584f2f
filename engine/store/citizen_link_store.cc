#include "engine/store/citizen_link_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> CitizenLinkStore::Mint(const std::string& link_hash, const std::string& complaint_id, Timestamp now,
                                    Timestamp expires_at) {
  return database_.Run("mint a citizen link", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    session << "INSERT INTO citizen_links (token_hash, complaint_id, created_at, expires_at)"
               " VALUES (:hash, :case::uuid, " OF_MICROS_TO_TIMESTAMPTZ(":now") ", "
               OF_MICROS_TO_TIMESTAMPTZ(":expires") ")",
        soci::use(link_hash, "hash"), soci::use(complaint_id, "case"), soci::use(at, "now"),
        soci::use(expires, "expires");
    return {};
  });
}

Result<std::optional<std::string>> CitizenLinkStore::Open(const std::string& link_hash,
                                                          const std::string& session_hash, Timestamp now,
                                                          Timestamp session_expires) {
  return database_.Run("open a citizen link", [&](soci::session& session) -> Result<std::optional<std::string>> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(session_expires);
    std::string complaint_id;
    session << "WITH link AS (SELECT token_hash, complaint_id, expires_at FROM citizen_links"
               "   WHERE token_hash = :link AND revoked_at IS NULL AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now1")
               "), opened AS (INSERT INTO citizen_sessions (token_hash, link_hash, created_at, expires_at)"
               "   SELECT :session, token_hash, " OF_MICROS_TO_TIMESTAMPTZ(":now2") ","
               "     least(expires_at, " OF_MICROS_TO_TIMESTAMPTZ(":expires") ") FROM link RETURNING 1)"
               " SELECT link.complaint_id::text FROM link, opened",
        soci::use(link_hash, "link"), soci::use(at, "now1"), soci::use(session_hash, "session"),
        soci::use(at, "now2"), soci::use(expires, "expires"), soci::into(complaint_id);
    if (!session.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(complaint_id));
  });
}

Result<std::optional<std::string>> CitizenLinkStore::Resume(const std::string& session_hash, Timestamp now,
                                                            Timestamp session_expires) {
  return database_.Run("resume a citizen session", [&](soci::session& session) -> Result<std::optional<std::string>> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(session_expires);
    std::string complaint_id;
    session << "UPDATE citizen_sessions s SET expires_at = least(l.expires_at, " OF_MICROS_TO_TIMESTAMPTZ(":expires") ")"
               " FROM citizen_links l WHERE s.token_hash = :session AND l.token_hash = s.link_hash"
               " AND s.expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now1") " AND l.revoked_at IS NULL"
               " AND l.expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now2") " RETURNING l.complaint_id::text",
        soci::use(expires, "expires"), soci::use(session_hash, "session"), soci::use(at, "now1"),
        soci::use(at, "now2"), soci::into(complaint_id);
    if (!session.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(complaint_id));
  });
}

Result<void> CitizenLinkStore::End(const std::string& session_hash) {
  return database_.Run("end a citizen session", [&](soci::session& session) -> Result<void> {
    session << "DELETE FROM citizen_sessions WHERE token_hash = :session", soci::use(session_hash, "session");
    return {};
  });
}

Result<int> CitizenLinkStore::RevokeCase(const std::string& complaint_id, Timestamp now) {
  return database_.Run("revoke citizen links", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(now);
    int revoked = 0;
    session << "WITH revoked AS (UPDATE citizen_links SET revoked_at = " OF_MICROS_TO_TIMESTAMPTZ(":now1")
               "   WHERE complaint_id = :case1::uuid AND revoked_at IS NULL"
               "   AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now2") " RETURNING token_hash),"
               " ended AS (DELETE FROM citizen_sessions WHERE link_hash IN"
               "   (SELECT token_hash FROM citizen_links WHERE complaint_id = :case2::uuid))"
               " SELECT count(*)::integer FROM revoked",
        soci::use(at, "now1"), soci::use(complaint_id, "case1"), soci::use(at, "now2"),
        soci::use(complaint_id, "case2"), soci::into(revoked);
    return revoked;
  });
}

Result<int> CitizenLinkStore::LiveLinks(const std::string& complaint_id, Timestamp now) {
  return database_.Run("count citizen links", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(now);
    int live = 0;
    session << "SELECT count(*)::integer FROM citizen_links WHERE complaint_id = :case::uuid"
               " AND revoked_at IS NULL AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now"),
        soci::use(complaint_id, "case"), soci::use(at, "now"), soci::into(live);
    return live;
  });
}

Result<int> CitizenLinkStore::PurgeExpired(Timestamp now, int limit) {
  return database_.Run("purge citizen links", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(now);
    int purged = 0;
    // A revoked link is kept until it would have expired: the office can
    // still see that it was revoked.
    session << "WITH sessions_gone AS (DELETE FROM citizen_sessions WHERE token_hash IN ("
               "   SELECT token_hash FROM citizen_sessions WHERE expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now1")
               "   LIMIT :limit1 FOR UPDATE SKIP LOCKED) RETURNING 1),"
               " links_gone AS (DELETE FROM citizen_links WHERE token_hash IN ("
               "   SELECT token_hash FROM citizen_links WHERE expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now2")
               "   LIMIT :limit2 FOR UPDATE SKIP LOCKED) RETURNING 1)"
               " SELECT (SELECT count(*)::integer FROM sessions_gone) + (SELECT count(*)::integer FROM links_gone)",
        soci::use(at, "now1"), soci::use(limit, "limit1"), soci::use(at, "now2"), soci::use(limit, "limit2"),
        soci::into(purged);
    return purged;
  });
}

}  // namespace ombudsflow::store
