#include "engine/store/notice_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/uuid.h"
#include "engine/core/codec/proto_json.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

// The case's deadline goes with its newest notice only: it is what that
// notice asks of the department (an earlier hearing's is past).
constexpr const char* kNoticeSelect =
    "SELECT n.id::text, n.complaint_id::text, c.case_number, n.department, n.notice,"
    " n.payload::text, (extract(epoch FROM n.created_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM n.acknowledged_at) * 1000000)::bigint, -1),"
    " coalesce(n.acknowledged_by, ''),"
    " coalesce((extract(epoch FROM n.delivered_at) * 1000000)::bigint, -1),"
    " c.subject, coalesce(n.acknowledge_comment, ''),"
    " coalesce((extract(epoch FROM CASE WHEN n.id = (SELECT m.id FROM notices m WHERE m.complaint_id = n.complaint_id"
    "   ORDER BY m.created_at DESC, m.id DESC LIMIT 1) THEN s.deadline_at END) * 1000000)::bigint, -1)"
    " FROM notices n JOIN complaints c ON c.id = n.complaint_id JOIN case_state s ON s.id = n.complaint_id";

v1::Notice RowToNotice(const soci::row& row) {
  v1::Notice notice;
  notice.set_id(row.get<std::string>(0));
  notice.set_complaint_id(row.get<std::string>(1));
  notice.set_case_number(row.get<std::string>(2));
  notice.set_department(row.get<std::string>(3));
  notice.set_notice(row.get<std::string>(4));
  if (!FromJson(row.get<std::string>(5), *notice.mutable_payload()).ok()) {
    throw std::runtime_error("notice " + notice.id() + " has an unreadable payload");
  }
  *notice.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(6));
  if (const long long acknowledged = row.get<long long>(7); acknowledged >= 0) {
    *notice.mutable_acknowledge_time() = TimeUtil::MicrosecondsToTimestamp(acknowledged);
    notice.set_acknowledged_by(row.get<std::string>(8));
  }
  if (const long long delivered = row.get<long long>(9); delivered >= 0) {
    *notice.mutable_deliver_time() = TimeUtil::MicrosecondsToTimestamp(delivered);
  }
  notice.set_subject(row.get<std::string>(10));
  notice.set_comment(row.get<std::string>(11));
  if (const long long respond_by = row.get<long long>(12); respond_by >= 0) {
    *notice.mutable_respond_by_time() = TimeUtil::MicrosecondsToTimestamp(respond_by);
  }
  return notice;
}

}  // namespace

Error NoSuchNotice(const std::string& id) { return NotFound("no notice " + id); }

Result<NoticePage> NoticeStore::List(const NoticeQuery& query) {
  return database_.Run("list notices", [&](soci::session& session) -> Result<NoticePage> {
    soci::indicator department_ind = query.department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator department_ind2 = department_ind;
    soci::indicator complaint_ind = query.complaint_id.empty() ? soci::i_null : soci::i_ok;
    soci::indicator complaint_ind2 = complaint_ind;
    const int pending_only = query.pending_only ? 1 : 0;
    const int has_cursor = query.after ? 1 : 0;
    const long long after_micros = query.after ? ToUnixMicros(query.after->created_at) : 0;
    const std::string after_id = query.after ? query.after->id : "00000000-0000-0000-0000-000000000000";
    const int limit = query.page_size + 1;
    Rows rows(session, std::string(kNoticeSelect) +
                                " WHERE (:department_a::text IS NULL OR n.department = :department_b)"
                                "   AND (:complaint_a::text IS NULL OR n.complaint_id = :complaint_b::uuid)"
                                "   AND (:pending::integer = 0 OR n.acknowledged_at IS NULL)"
                                "   AND (:has_cursor::integer = 0 OR (n.created_at, n.id) < (" +
                                OF_MICROS_TO_TIMESTAMPTZ(":after_micros") + ", :after_id::uuid))"
                                " ORDER BY n.created_at DESC, n.id DESC LIMIT :limit::integer",
         soci::use(query.department, department_ind, "department_a"),
         soci::use(query.department, department_ind2, "department_b"),
         soci::use(query.complaint_id, complaint_ind, "complaint_a"),
         soci::use(query.complaint_id, complaint_ind2, "complaint_b"),
         soci::use(pending_only, "pending"), soci::use(has_cursor, "has_cursor"),
         soci::use(after_micros, "after_micros"), soci::use(after_id, "after_id"),
         soci::use(limit, "limit"));
    NoticePage page;
    for (const auto& row : rows) page.notices.push_back(RowToNotice(row));
    if (page.notices.size() > static_cast<std::size_t>(query.page_size)) {
      page.notices.pop_back();
      const auto& last = page.notices.back();
      page.next = PageCursor{FromUnixMicros(TimeUtil::TimestampToMicroseconds(last.create_time())), last.id()};
    }
    return page;
  });
}

Result<v1::Notice> NoticeStore::Find(const std::string& id, const std::string& department) {
  if (!IsUuid(id)) return std::unexpected(NoSuchNotice(id));
  return database_.Run("find notice", [&](soci::session& session) -> Result<v1::Notice> {
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator department_ind2 = department_ind;
    soci::row row;
    session << std::string(kNoticeSelect) +
                   " WHERE n.id = :id::uuid AND (:department_a::text IS NULL OR n.department = :department_b)",
        soci::use(id, "id"), soci::use(department, department_ind, "department_a"),
        soci::use(department, department_ind2, "department_b"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NoSuchNotice(id));
    return RowToNotice(row);
  });
}

Result<v1::Notice> NoticeStore::Acknowledge(const std::string& id, const std::string& department,
                                            const std::string& acknowledged_by, const std::string& comment,
                                            Timestamp now) {
  if (!IsUuid(id) || department.empty()) return std::unexpected(NoSuchNotice(id));
  return database_.Run("acknowledge notice", [&](soci::session& session) -> Result<v1::Notice> {
    const long long now_micros = ToUnixMicros(now);
    soci::indicator comment_ind = comment.empty() ? soci::i_null : soci::i_ok;
    std::string updated;
    // The first acknowledgement stands, with its comment; a repeated one
    // is a harmless retry.
    session << "UPDATE notices SET"
               "  acknowledge_comment = CASE WHEN acknowledged_at IS NULL THEN :comment ELSE acknowledge_comment END,"
               "  acknowledged_at = coalesce(acknowledged_at, " OF_MICROS_TO_TIMESTAMPTZ(":now") "),"
               "  acknowledged_by = coalesce(acknowledged_by, :by)"
               " WHERE id = :id::uuid AND department = :department RETURNING id::text",
        soci::use(comment, comment_ind, "comment"), soci::use(now_micros, "now"), soci::use(acknowledged_by, "by"),
        soci::use(id, "id"), soci::use(department, "department"), soci::into(updated);
    if (!session.got_data()) return std::unexpected(NoSuchNotice(id));
    soci::row row;
    session << std::string(kNoticeSelect) + " WHERE n.id = :id::uuid", soci::use(id, "id"), soci::into(row);
    return RowToNotice(row);
  });
}

}  // namespace ombudsflow::store
