#include "engine/store/citizen_identity_store.h"

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> CitizenIdentityStore::Link(const std::string& complaint_id, const std::string& subject_hash,
                                        Timestamp now) {
  return database_.Run("link citizen identity", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "INSERT INTO citizen_identities (complaint_id, subject_hash, created_at)"
               " VALUES (:id::uuid, :subject, " OF_MICROS_TO_TIMESTAMPTZ(":now") ")"
               " ON CONFLICT (complaint_id) DO NOTHING",
        soci::use(complaint_id, "id"), soci::use(subject_hash, "subject"), soci::use(at, "now");
    return {};
  });
}

Result<std::vector<std::string>> CitizenIdentityStore::CasesOf(const std::string& subject_hash, int limit) {
  return database_.Run("cases of citizen", [&](soci::session& session) -> Result<std::vector<std::string>> {
    std::vector<std::string> cases;
    soci::rowset<std::string> rows =
        (session.prepare << "SELECT complaint_id::text FROM citizen_identities WHERE subject_hash = :subject"
                            " ORDER BY created_at DESC, complaint_id LIMIT :limit",
         soci::use(subject_hash, "subject"), soci::use(limit, "limit"));
    for (const std::string& id : rows) cases.push_back(id);
    return cases;
  });
}

Result<bool> CitizenIdentityStore::Owns(const std::string& subject_hash, const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return false;
  return database_.Run("citizen owns case", [&](soci::session& session) -> Result<bool> {
    int found = 0;
    session << "SELECT count(*) FROM citizen_identities WHERE complaint_id = :id::uuid AND subject_hash = :subject",
        soci::use(complaint_id, "id"), soci::use(subject_hash, "subject"), soci::into(found);
    return found > 0;
  });
}

Result<void> CitizenIdentityStore::BeginSession(const std::string& token_hash, const std::string& subject_hash,
                                                Timestamp now, Timestamp expires_at) {
  return database_.Run("begin citizen mitid session", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    session << "WITH gone AS (DELETE FROM citizen_mitid_sessions WHERE expires_at <= "
               OF_MICROS_TO_TIMESTAMPTZ(":now1") ")"
               " INSERT INTO citizen_mitid_sessions (token_hash, subject_hash, created_at, expires_at)"
               " VALUES (:token, :subject, " OF_MICROS_TO_TIMESTAMPTZ(":now2") ", "
               OF_MICROS_TO_TIMESTAMPTZ(":expires") ")",
        soci::use(at, "now1"), soci::use(token_hash, "token"), soci::use(subject_hash, "subject"),
        soci::use(at, "now2"), soci::use(expires, "expires");
    return {};
  });
}

Result<std::optional<std::string>> CitizenIdentityStore::SessionSubject(const std::string& token_hash,
                                                                        Timestamp now) {
  return database_.Run("citizen mitid session", [&](soci::session& session) -> Result<std::optional<std::string>> {
    const long long at = ToUnixMicros(now);
    std::string subject;
    session << "SELECT subject_hash FROM citizen_mitid_sessions WHERE token_hash = :token"
               " AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now"),
        soci::use(token_hash, "token"), soci::use(at, "now"), soci::into(subject);
    if (!session.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(subject));
  });
}

Result<void> CitizenIdentityStore::EndSession(const std::string& token_hash) {
  return database_.Run("end citizen mitid session", [&](soci::session& session) -> Result<void> {
    session << "DELETE FROM citizen_mitid_sessions WHERE token_hash = :token", soci::use(token_hash, "token");
    return {};
  });
}

}  // namespace ombudsflow::store
