#include "engine/store/subscriber_access_store.h"

#include <soci/soci.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

constexpr const char* kGrantColumns =
    "g.id::text, g.user_id::text, u.display_name, g.purpose, g.granted_by, " OF_MICROS_OF("g.granted_at") ", "
    OF_MICROS_OF("g.ends_at") ", (SELECT count(*) FROM subscriber_access_uses x WHERE x.grant_id = g.id)::integer,"
    " coalesce((SELECT b.display_name FROM users b WHERE 'user:' || b.id::text = g.granted_by), g.granted_by)"
    " FROM subscriber_access_grants g JOIN users u ON u.id = g.user_id";

AccessGrant RowToGrant(const soci::row& row) {
  return {row.get<std::string>(0),          row.get<std::string>(1),
          row.get<std::string>(2),          row.get<std::string>(3),
          row.get<std::string>(4),          FromUnixMicros(row.get<long long>(5)),
          FromUnixMicros(row.get<long long>(6)), row.get<int>(7), row.get<std::string>(8)};
}

// Running: not revoked, not ended, and its person still active.
constexpr const char* kRunning =
    " WHERE g.revoked_at IS NULL AND g.ends_at > " OF_MICROS_TO_TIMESTAMPTZ(":now") " AND u.active";

}  // namespace

Result<std::vector<AccessGrant>> SubscriberAccessStore::Running(Timestamp now) {
  return database_.Run("subscriber access grants", [&](soci::session& session) -> Result<std::vector<AccessGrant>> {
    const long long at = ToUnixMicros(now);
    std::vector<AccessGrant> grants;
    soci::rowset<soci::row> rows = (session.prepare << std::string("SELECT ") + kGrantColumns + kRunning +
                                                           " ORDER BY g.ends_at, g.id",
                                    soci::use(at, "now"));
    for (const soci::row& row : rows) grants.push_back(RowToGrant(row));
    return grants;
  });
}

Result<std::optional<AccessGrant>> SubscriberAccessStore::RunningFor(const std::string& user_id, Timestamp now) {
  if (!IsUuid(user_id)) return std::optional<AccessGrant>();
  return database_.Run("subscriber access grant", [&](soci::session& session) -> Result<std::optional<AccessGrant>> {
    const long long at = ToUnixMicros(now);
    soci::rowset<soci::row> rows =
        (session.prepare << std::string("SELECT ") + kGrantColumns + kRunning +
                                " AND g.user_id = :user::uuid ORDER BY g.ends_at DESC LIMIT 1",
         soci::use(at, "now"), soci::use(user_id, "user"));
    for (const soci::row& row : rows) return std::optional<AccessGrant>(RowToGrant(row));
    return std::optional<AccessGrant>();
  });
}

Result<std::vector<Grantee>> SubscriberAccessStore::Grantees() {
  return database_.Run("subscriber access grantees", [&](soci::session& session) -> Result<std::vector<Grantee>> {
    std::vector<Grantee> grantees;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT id::text, display_name, role FROM users WHERE active"
                            " AND role IN ('caseworker', 'ombudsman', 'deputy', 'administrator')"
                            " ORDER BY lower(display_name), id");
    for (const soci::row& row : rows) {
      grantees.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    }
    return grantees;
  });
}

Result<void> SubscriberAccessStore::Grant(const AccessGrant& grant) {
  if (!IsUuid(grant.user_id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such person"));
  return database_.Run("grant subscriber access", [&](soci::session& session) -> Result<void> {
    const long long granted = ToUnixMicros(grant.granted_at);
    const long long ends = ToUnixMicros(grant.ends_at);
    soci::statement insert =
        (session.prepare << "INSERT INTO subscriber_access_grants (id, user_id, purpose, granted_by, granted_at, ends_at)"
                            " SELECT :id::uuid, u.id, :purpose, :by, " OF_MICROS_TO_TIMESTAMPTZ(":granted") ", "
                            OF_MICROS_TO_TIMESTAMPTZ(":ends") " FROM users u WHERE u.id = :user::uuid AND u.active"
                            " AND u.role IN ('caseworker', 'ombudsman', 'deputy', 'administrator')",
         soci::use(grant.id, "id"), soci::use(grant.purpose, "purpose"), soci::use(grant.granted_by, "by"),
         soci::use(granted, "granted"), soci::use(ends, "ends"), soci::use(grant.user_id, "user"));
    insert.execute(true);
    if (insert.get_affected_rows() != 1) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such person"));
    return {};
  });
}

Result<bool> SubscriberAccessStore::Revoke(const std::string& id, const std::string& by, Timestamp now) {
  if (!IsUuid(id)) return false;
  return database_.Run("revoke subscriber access", [&](soci::session& session) -> Result<bool> {
    const long long at = ToUnixMicros(now);
    soci::statement update =
        (session.prepare << "UPDATE subscriber_access_grants SET revoked_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ","
                            " revoked_by = :by WHERE id = :id::uuid AND revoked_at IS NULL"
                            " AND ends_at > " OF_MICROS_TO_TIMESTAMPTZ(":now2"),
         soci::use(at, "now"), soci::use(by, "by"), soci::use(id, "id"), soci::use(at, "now2"));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

Result<void> SubscriberAccessStore::RecordUse(const std::string& grant_id, const std::string& by,
                                              const std::string& outcome, Timestamp now) {
  return database_.Run("record subscriber access", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "INSERT INTO subscriber_access_uses (grant_id, used_by, used_at, outcome)"
               " VALUES (:grant::uuid, :by, " OF_MICROS_TO_TIMESTAMPTZ(":now") ", :outcome)",
        soci::use(grant_id, "grant"), soci::use(by, "by"), soci::use(at, "now"), soci::use(outcome, "outcome");
    return {};
  });
}

}  // namespace ombudsflow::store
