#include "engine/store/office_store.h"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kDelegationColumns =
    "id::text, deputy, (extract(epoch FROM starts_at) * 1000000)::bigint,"
    " (extract(epoch FROM ends_at) * 1000000)::bigint, reason, granted_by,"
    " (extract(epoch FROM granted_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM revoked_at) * 1000000)::bigint, -1), coalesce(revoked_by, '')";

// A stored time as the API can show it: PostgreSQL keeps years RFC 3339
// cannot write (a row stored before requests were checked), and one such row
// must not break the whole list, so it shows at the nearest printable time.
google::protobuf::Timestamp PrintableTime(long long micros) {
  constexpr long long kFirst = -62'135'596'800LL * 1'000'000;
  constexpr long long kLast = 253'402'300'799LL * 1'000'000 + 999'999;
  return TimeUtil::MicrosecondsToTimestamp(std::clamp(micros, kFirst, kLast));
}

v1::Delegation RowToDelegation(const soci::row& row, Timestamp now) {
  v1::Delegation delegation;
  delegation.set_id(row.get<std::string>(0));
  delegation.set_deputy(row.get<std::string>(1));
  const long long starts = row.get<long long>(2);
  const long long ends = row.get<long long>(3);
  *delegation.mutable_start_time() = PrintableTime(starts);
  *delegation.mutable_end_time() = PrintableTime(ends);
  delegation.set_reason(row.get<std::string>(4));
  delegation.set_granted_by(row.get<std::string>(5));
  *delegation.mutable_grant_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(6));
  const long long revoked = row.get<long long>(7);
  if (revoked >= 0) {
    *delegation.mutable_revoke_time() = TimeUtil::MicrosecondsToTimestamp(revoked);
    delegation.set_revoked_by(row.get<std::string>(8));
  }
  const long long at = ToUnixMicros(now);
  delegation.set_active(revoked < 0 && starts <= at && at < ends);
  return delegation;
}

Result<v1::PublicationHold> ActiveHold(soci::session& session) {
  v1::PublicationHold hold;
  soci::row row;
  session << "SELECT reason, set_by, (extract(epoch FROM set_at) * 1000000)::bigint"
             " FROM publication_holds WHERE lifted_at IS NULL",
      soci::into(row);
  if (session.got_data()) {
    hold.set_active(true);
    hold.set_reason(row.get<std::string>(0));
    hold.set_set_by(row.get<std::string>(1));
    *hold.mutable_set_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(2));
  }
  return hold;
}

}  // namespace

Result<std::vector<Department>> OfficeStore::Departments() {
  return database_.Run("list departments", [&](soci::session& session) -> Result<std::vector<Department>> {
    Rows rows(session, "SELECT code, name FROM departments ORDER BY code");
    std::vector<Department> departments;
    for (const auto& row : rows) departments.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    return departments;
  });
}

Result<v1::Delegation> OfficeStore::Grant(const NewDelegation& delegation, Timestamp now) {
  return database_.Run("grant delegation", [&](soci::session& session) -> Result<v1::Delegation> {
    int deputies = 0;
    if (IsUuid(delegation.deputy)) {
      session << "SELECT count(*) FROM users WHERE id = :deputy::uuid AND role = 'deputy' AND active",
          soci::use(delegation.deputy, "deputy"), soci::into(deputies);
    }
    if (deputies == 0) {
      return std::unexpected(InvalidArgument(
          "the delegation is invalid", {{"deputy", "is not the id of an active user with the deputy role"}}));
    }
    const long long starts = ToUnixMicros(delegation.starts_at);
    const long long ends = ToUnixMicros(delegation.ends_at);
    const long long at = ToUnixMicros(now);
    soci::row row;
    session << std::string("INSERT INTO delegations (deputy, starts_at, ends_at, reason, granted_by, granted_at)"
                           " VALUES (:deputy, ") +
                   OF_MICROS_TO_TIMESTAMPTZ(":starts") + ", " + OF_MICROS_TO_TIMESTAMPTZ(":ends") +
                   ", :reason, :by, " + OF_MICROS_TO_TIMESTAMPTZ(":now") + ") RETURNING " + kDelegationColumns,
        soci::use(delegation.deputy, "deputy"), soci::use(starts, "starts"), soci::use(ends, "ends"),
        soci::use(delegation.reason, "reason"), soci::use(delegation.granted_by, "by"),
        soci::use(at, "now"), soci::into(row);
    return RowToDelegation(row, now);
  });
}

Result<std::vector<v1::Delegation>> OfficeStore::Delegations(Timestamp now) {
  return database_.Run("list delegations", [&](soci::session& session) -> Result<std::vector<v1::Delegation>> {
    Rows rows(session, std::string("SELECT ") + kDelegationColumns +
                           " FROM delegations ORDER BY granted_at DESC, id DESC LIMIT 200");
    std::vector<v1::Delegation> delegations;
    for (const auto& row : rows) delegations.push_back(RowToDelegation(row, now));
    return delegations;
  });
}

Result<v1::Delegation> OfficeStore::Revoke(const std::string& id, const std::string& by, Timestamp now) {
  if (!IsUuid(id)) return std::unexpected(NotFound("no delegation " + id));
  return database_.Run("revoke delegation", [&](soci::session& session) -> Result<v1::Delegation> {
    const long long at = ToUnixMicros(now);
    session << "UPDATE delegations SET revoked_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", revoked_by = :by"
               " WHERE id = :id::uuid AND revoked_at IS NULL",
        soci::use(at, "now"), soci::use(by, "by"), soci::use(id, "id");
    soci::row row;
    session << std::string("SELECT ") + kDelegationColumns + " FROM delegations WHERE id = :id::uuid",
        soci::use(id, "id"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("no delegation " + id));
    return RowToDelegation(row, now);
  });
}

Result<v1::PublicationHold> OfficeStore::Hold() {
  return database_.Run("read publication hold", [&](soci::session& session) { return ActiveHold(session); });
}

Result<v1::PublicationHold> OfficeStore::SetHold(const std::string& reason, const std::string& by, Timestamp now) {
  return database_.Run("set publication hold", [&](soci::session& session) -> Result<v1::PublicationHold> {
    const long long at = ToUnixMicros(now);
    try {
      session << "INSERT INTO publication_holds (reason, set_by, set_at)"
                 " VALUES (:reason, :by, " OF_MICROS_TO_TIMESTAMPTZ(":now") ")",
          soci::use(reason, "reason"), soci::use(by, "by"), soci::use(at, "now");
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation && ConstraintName(error) == "publication_holds_one_active") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "a publication hold is already active"));
      }
      throw;
    }
    return ActiveHold(session);
  });
}

Result<v1::PublicationHold> OfficeStore::LiftHold(const std::string& reason, const std::string& by, Timestamp now) {
  return database_.Run("lift publication hold", [&](soci::session& session) -> Result<v1::PublicationHold> {
    const long long at = ToUnixMicros(now);
    const long long lift = ExecuteCountingRows(
        session,
        "UPDATE publication_holds SET lifted_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", lifted_by = :by,"
        " lift_reason = :reason WHERE lifted_at IS NULL",
        soci::use(at, "now"), soci::use(by, "by"), soci::use(reason, "reason"));
    if (lift == 0) {
      return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "no publication hold is active"));
    }
    return ActiveHold(session);
  });
}

}  // namespace ombudsflow::store
