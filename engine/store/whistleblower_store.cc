#include "engine/store/whistleblower_store.h"

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> WhistleblowerStore::Keep(const std::string& complaint_id, const std::string& code_hash,
                                      const std::string& password_hash,
                                      const std::optional<WhistleblowerIdentity>& identity, Timestamp now) {
  return database_.Run("keep a whistleblower report's access", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const int has_identity = identity ? 1 : 0;
    const std::string name = identity ? identity->name : std::string();
    const std::string contact = identity ? identity->contact : std::string();
    // One statement: the identity is kept with the access or not at all.
    session << "WITH report AS ("
               "  INSERT INTO whistleblower_reports (complaint_id, code_hash, password_hash, created_at)"
               "  VALUES (:id1::uuid, :code, :password, " OF_MICROS_TO_TIMESTAMPTZ(":now") ")"
               "  ON CONFLICT (complaint_id) DO NOTHING RETURNING complaint_id)"
               " INSERT INTO whistleblower_identities (complaint_id, name, contact)"
               " SELECT complaint_id, :name, nullif(:contact, '') FROM report WHERE :has_identity::integer = 1",
        soci::use(complaint_id, "id1"), soci::use(code_hash, "code"), soci::use(password_hash, "password"),
        soci::use(at, "now"), soci::use(name, "name"), soci::use(contact, "contact"),
        soci::use(has_identity, "has_identity");
    return {};
  });
}

Result<std::optional<WhistleblowerAttempt>> WhistleblowerStore::TakeAttempt(const std::string& code_hash,
                                                                           Timestamp now, int max_failures,
                                                                           std::chrono::seconds lockout,
                                                                           std::chrono::seconds longest) {
  return database_.Run("count a whistleblower's sign-in", [&](soci::session& session)
                                                             -> Result<std::optional<WhistleblowerAttempt>> {
    const long long at = ToUnixMicros(now);
    const long long base = lockout.count();
    const long long cap = longest.count();
    WhistleblowerAttempt attempt;
    long long locked = 0;
    soci::indicator locked_indicator = soci::i_ok;
    // Counted before the password is checked, under the row's lock: sign-ins
    // at once each take a place, and the last place locks the report, each
    // lock twice as long as the one before.
    session << "WITH taken AS ("
               "  UPDATE whistleblower_reports SET"
               "   locked_until = CASE WHEN failed_sign_ins + 1 >= :max1::integer"
               "     THEN " OF_MICROS_TO_TIMESTAMPTZ(":now2") " + make_interval(secs =>"
               "       LEAST(:base::bigint * power(2, LEAST(lockouts, 30))::bigint, :cap::bigint))"
               "     ELSE locked_until END,"
               "   lockouts = CASE WHEN failed_sign_ins + 1 >= :max3::integer THEN lockouts + 1 ELSE lockouts END,"
               "   failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= :max2::integer THEN 0 ELSE failed_sign_ins + 1 END"
               "  WHERE code_hash = :code1 AND (locked_until IS NULL OR locked_until <= " OF_MICROS_TO_TIMESTAMPTZ(":now1") ")"
               "  RETURNING complaint_id, password_hash)"
               " SELECT r.complaint_id::text, coalesce(t.password_hash, ''),"
               "  CASE WHEN t.complaint_id IS NULL THEN (extract(epoch FROM r.locked_until) * 1000000)::bigint END"
               " FROM whistleblower_reports r LEFT JOIN taken t ON t.complaint_id = r.complaint_id"
               " WHERE r.code_hash = :code2",
        soci::use(max_failures, "max1"), soci::use(at, "now2"), soci::use(base, "base"), soci::use(cap, "cap"),
        soci::use(max_failures, "max3"), soci::use(max_failures, "max2"), soci::use(code_hash, "code1"),
        soci::use(at, "now1"), soci::use(code_hash, "code2"), soci::into(attempt.complaint_id),
        soci::into(attempt.password_hash), soci::into(locked, locked_indicator);
    if (!session.got_data()) return std::optional<WhistleblowerAttempt>();
    if (locked_indicator == soci::i_ok) attempt.locked_until = FromUnixMicros(locked);
    return std::optional<WhistleblowerAttempt>(std::move(attempt));
  });
}

Result<void> WhistleblowerStore::RecordSuccess(const std::string& complaint_id) {
  return database_.Run("reset a whistleblower's wrong passwords", [&](soci::session& session) -> Result<void> {
    session << "UPDATE whistleblower_reports SET failed_sign_ins = 0, locked_until = NULL, lockouts = 0"
               " WHERE complaint_id = :id::uuid AND (failed_sign_ins > 0 OR locked_until IS NOT NULL OR lockouts > 0)",
        soci::use(complaint_id, "id");
    return {};
  });
}

Result<bool> WhistleblowerStore::HasIdentity(const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return false;
  return database_.Run("has a whistleblower an identity", [&](soci::session& session) -> Result<bool> {
    int found = 0;
    session << "SELECT count(*) FROM whistleblower_identities WHERE complaint_id = :id::uuid",
        soci::use(complaint_id, "id"), soci::into(found);
    return found > 0;
  });
}

Result<std::optional<WhistleblowerIdentity>> WhistleblowerStore::Identity(const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return std::optional<WhistleblowerIdentity>();
  return database_.Run("read a whistleblower's identity", [&](soci::session& session)
                                                             -> Result<std::optional<WhistleblowerIdentity>> {
    WhistleblowerIdentity identity;
    soci::indicator contact_indicator = soci::i_ok;
    session << "SELECT name, contact FROM whistleblower_identities WHERE complaint_id = :id::uuid",
        soci::use(complaint_id, "id"), soci::into(identity.name), soci::into(identity.contact, contact_indicator);
    if (!session.got_data()) return std::optional<WhistleblowerIdentity>();
    if (contact_indicator != soci::i_ok) identity.contact.clear();
    return std::optional<WhistleblowerIdentity>(std::move(identity));
  });
}

Result<bool> WhistleblowerStore::IsDesignated(const std::string& user_id) {
  if (!IsUuid(user_id)) return false;
  return database_.Run("is a user designated", [&](soci::session& session) -> Result<bool> {
    int found = 0;
    session << "SELECT count(*) FROM whistleblower_designations d JOIN users u ON u.id = d.user_id"
               " WHERE d.user_id = :id::uuid AND d.ended_at IS NULL AND u.active",
        soci::use(user_id, "id"), soci::into(found);
    return found > 0;
  });
}

Result<void> WhistleblowerStore::Designate(const std::string& user_id, const std::string& by, Timestamp now) {
  return database_.Run("designate a user", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "INSERT INTO whistleblower_designations (user_id, designated_by, designated_at)"
               " VALUES (:id::uuid, :by, " OF_MICROS_TO_TIMESTAMPTZ(":now") ")"
               " ON CONFLICT (user_id) WHERE ended_at IS NULL DO NOTHING",
        soci::use(user_id, "id"), soci::use(by, "by"), soci::use(at, "now");
    return {};
  });
}

Result<void> WhistleblowerStore::Undesignate(const std::string& user_id, const std::string& by, Timestamp now) {
  return database_.Run("end a designation", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "UPDATE whistleblower_designations SET ended_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", ended_by = :by"
               " WHERE user_id = :id::uuid AND ended_at IS NULL",
        soci::use(at, "now"), soci::use(by, "by"), soci::use(user_id, "id");
    return {};
  });
}

Result<std::vector<WhistleblowerDesignee>> WhistleblowerStore::Designees() {
  return database_.Run("list designations", [&](soci::session& session) -> Result<std::vector<WhistleblowerDesignee>> {
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT d.user_id::text, u.display_name, d.designated_by,"
                            " (extract(epoch FROM d.designated_at) * 1000000)::bigint"
                            " FROM whistleblower_designations d JOIN users u ON u.id = d.user_id"
                            " WHERE u.active AND d.ended_at IS NULL ORDER BY u.display_name");
    std::vector<WhistleblowerDesignee> designees;
    for (const auto& row : rows) {
      designees.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                           FromUnixMicros(row.get<long long>(3))});
    }
    return designees;
  });
}

}  // namespace ombudsflow::store
