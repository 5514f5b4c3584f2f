#include "engine/store/citizen_notification_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> CitizenNotificationStore::Queue(const std::string& complaint_id, const std::string& kind, Timestamp now) {
  return database_.Run("queue a citizen notification", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "INSERT INTO citizen_notifications (complaint_id, kind, created_at, next_attempt_at)"
               " VALUES (:case::uuid, :kind, " OF_MICROS_TO_TIMESTAMPTZ(":now1") ", "
               OF_MICROS_TO_TIMESTAMPTZ(":now2") ")",
        soci::use(complaint_id, "case"), soci::use(kind, "kind"), soci::use(at, "now1"), soci::use(at, "now2");
    return {};
  });
}

Result<std::vector<DueCitizenNotification>> CitizenNotificationStore::ClaimDue(Timestamp now, int limit,
                                                                               std::chrono::milliseconds lease) {
  return database_.Run("claim citizen notifications", [&](soci::session& session)
                                                          -> Result<std::vector<DueCitizenNotification>> {
    const long long at = ToUnixMicros(now);
    const long long until = ToUnixMicros(now + lease);
    std::vector<DueCitizenNotification> due;
    for (const soci::row& row :
         Rows(session,
              "WITH claimed AS (UPDATE citizen_notifications SET attempts = attempts + 1,"
              "   next_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":until") " WHERE id IN ("
              "   SELECT id FROM citizen_notifications WHERE state = 'pending'"
              "   AND next_attempt_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now") " ORDER BY next_attempt_at"
              "   LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING id, complaint_id, kind, attempts)"
              " SELECT claimed.id, claimed.complaint_id::text, claimed.kind,"
              "   coalesce(c.complainant_email, ''), claimed.attempts"
              " FROM claimed JOIN complaints c ON c.id = claimed.complaint_id ORDER BY claimed.id",
              soci::use(until, "until"), soci::use(at, "now"), soci::use(limit, "limit"))) {
      due.push_back({.id = row.get<long long>(0),
                     .complaint_id = row.get<std::string>(1),
                     .kind = row.get<std::string>(2),
                     .email = row.get<std::string>(3),
                     .attempt = row.get<int>(4)});
    }
    return due;
  });
}

Result<void> CitizenNotificationStore::RecordSent(long long id, Timestamp now) {
  return database_.Run("record a citizen notification", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "UPDATE citizen_notifications SET state = 'sent', sent_at = " OF_MICROS_TO_TIMESTAMPTZ(":now")
               ", next_attempt_at = NULL, last_error = NULL WHERE id = :id",
        soci::use(at, "now"), soci::use(id, "id");
    return {};
  });
}

Result<void> CitizenNotificationStore::RecordFailure(long long id, const std::string& error,
                                                     std::optional<Timestamp> retry_at) {
  return database_.Run("record a citizen notification", [&](soci::session& session) -> Result<void> {
    const long long at = retry_at ? ToUnixMicros(*retry_at) : 0;
    const int retry = retry_at ? 1 : 0;
    session << "UPDATE citizen_notifications SET last_error = left(:error, 500),"
               " state = CASE WHEN :retry1 = 1 THEN 'pending' ELSE 'failed' END,"
               " next_attempt_at = CASE WHEN :retry2 = 1 THEN " OF_MICROS_TO_TIMESTAMPTZ(":at") " ELSE NULL END"
               " WHERE id = :id",
        soci::use(error, "error"), soci::use(retry, "retry1"), soci::use(retry, "retry2"), soci::use(at, "at"),
        soci::use(id, "id");
    return {};
  });
}

Result<int> CitizenNotificationStore::QueuedSince(const std::string& complaint_id, const std::string& kind,
                                                  Timestamp since) {
  return database_.Run("count citizen notifications", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(since);
    int queued = 0;
    session << "SELECT count(*)::integer FROM citizen_notifications WHERE complaint_id = :case::uuid"
               " AND kind = :kind AND created_at > " OF_MICROS_TO_TIMESTAMPTZ(":since"),
        soci::use(complaint_id, "case"), soci::use(kind, "kind"), soci::use(at, "since"), soci::into(queued);
    return queued;
  });
}

}  // namespace ombudsflow::store
