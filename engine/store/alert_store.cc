#include "engine/store/alert_store.h"

#include <google/protobuf/util/time_util.h>

#include <charconv>

#include "engine/core/codec/proto_json.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kAlertSelect =
    "SELECT o.id::text, o.complaint_id::text, c.case_number, coalesce(o.payload->>'about', ''),"
    " coalesce(o.payload->>'role', ''), o.payload::text, (extract(epoch FROM o.created_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM o.processed_at) * 1000000)::bigint, -1), coalesce(o.processed_by, '')"
    " FROM outbox o JOIN complaints c ON c.id = o.complaint_id WHERE o.kind = 'office_alert'";

v1::OfficeAlert RowToAlert(const soci::row& row) {
  v1::OfficeAlert alert;
  alert.set_id(row.get<std::string>(0));
  alert.set_complaint_id(row.get<std::string>(1));
  alert.set_case_number(row.get<std::string>(2));
  alert.set_about(row.get<std::string>(3));
  alert.set_role(row.get<std::string>(4));
  if (!FromJson(row.get<std::string>(5), *alert.mutable_details()).ok()) {
    throw std::runtime_error("alert " + alert.id() + " has an unreadable payload");
  }
  *alert.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(6));
  if (const long long resolved = row.get<long long>(7); resolved >= 0) {
    *alert.mutable_resolve_time() = TimeUtil::MicrosecondsToTimestamp(resolved);
    alert.set_resolved_by(row.get<std::string>(8));
  }
  return alert;
}

bool IsAlertId(const std::string& id) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
  return ec == std::errc() && end == id.data() + id.size() && value > 0;
}

}  // namespace

Result<std::vector<v1::OfficeAlert>> AlertStore::Open() {
  return database_.Run("list office alerts", [&](soci::session& session) -> Result<std::vector<v1::OfficeAlert>> {
    Rows rows(session, std::string(kAlertSelect) + " AND o.processed_at IS NULL ORDER BY o.created_at, o.id LIMIT 500");
    std::vector<v1::OfficeAlert> alerts;
    for (const auto& row : rows) alerts.push_back(RowToAlert(row));
    return alerts;
  });
}

Result<v1::OfficeAlert> AlertStore::Resolve(const std::string& id, const std::string& by, Timestamp now) {
  if (!IsAlertId(id)) return std::unexpected(NotFound("no alert " + id));
  return database_.Run("resolve office alert", [&](soci::session& session) -> Result<v1::OfficeAlert> {
    const long long at = ToUnixMicros(now);
    session << "UPDATE outbox SET processed_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", processed_by = :by"
               " WHERE id = :id::bigint AND kind = 'office_alert' AND processed_at IS NULL",
        soci::use(at, "now"), soci::use(by, "by"), soci::use(id, "id");
    soci::row row;
    session << std::string(kAlertSelect) + " AND o.id = :id::bigint", soci::use(id, "id"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("no alert " + id));
    return RowToAlert(row);
  });
}

}  // namespace ombudsflow::store
