#include "engine/store/webhook_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kEndpointColumns =
    "id::text, department, url, active, (extract(epoch FROM created_at) * 1000000)::bigint,"
    " created_by, coalesce((extract(epoch FROM disabled_at) * 1000000)::bigint, -1),"
    " coalesce(disabled_reason, '')";

v1::WebhookEndpoint RowToEndpoint(const soci::row& row) {
  v1::WebhookEndpoint endpoint;
  endpoint.set_id(row.get<std::string>(0));
  endpoint.set_department(row.get<std::string>(1));
  endpoint.set_url(row.get<std::string>(2));
  endpoint.set_active(row.get<int>(3) != 0);
  *endpoint.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(4));
  endpoint.set_created_by(row.get<std::string>(5));
  if (const long long disabled = row.get<long long>(6); disabled >= 0) {
    *endpoint.mutable_disable_time() = TimeUtil::MicrosecondsToTimestamp(disabled);
    endpoint.set_disabled_reason(row.get<std::string>(7));
  }
  return endpoint;
}

Error NoSuchEndpoint(const std::string& id) { return NotFound("no webhook endpoint " + id); }

v1::WebhookDelivery::State ParseDeliveryState(const std::string& state) {
  if (state == "pending") return v1::WebhookDelivery::PENDING;
  if (state == "delivered") return v1::WebhookDelivery::DELIVERED;
  if (state == "dead_letter") return v1::WebhookDelivery::DEAD_LETTER;
  if (state == "abandoned") return v1::WebhookDelivery::ABANDONED;
  return v1::WebhookDelivery::STATE_UNSPECIFIED;
}

void SetMicros(long long micros, google::protobuf::Timestamp* timestamp) {
  if (micros >= 0) *timestamp = TimeUtil::MicrosecondsToTimestamp(micros);
}

// Abandons the endpoint's pending deliveries and disables it; the caller
// holds the transaction.
void DisableInTransaction(soci::session& session, const std::string& id, const std::string& reason,
                          long long now_micros) {
  session << "UPDATE webhook_deliveries SET state = 'abandoned'"
             " WHERE endpoint_id = :id::uuid AND state = 'pending'",
      soci::use(id, "id");
  session << "UPDATE webhook_endpoints SET active = false,"
             " disabled_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", disabled_reason = :reason"
             " WHERE id = :id::uuid AND active",
      soci::use(now_micros, "now"), soci::use(reason, "reason"), soci::use(id, "id");
}

// Tells the office, through the outbox, about a notice that did not get through.
void AlertOffice(soci::session& session, const std::string& notice_id, const std::string& about,
                 long long now_micros) {
  session << "INSERT INTO outbox (complaint_id, event_seq, kind, payload, created_at)"
             " SELECT n.complaint_id, n.event_seq, 'office_alert',"
             "  json_build_object('complaintId', n.complaint_id, 'noticeId', n.id,"
             "    'department', n.department, 'role', 'caseworker', 'about', :about::text),"
             "  " OF_MICROS_TO_TIMESTAMPTZ(":now")
             " FROM notices n WHERE n.id = :id::uuid",
      soci::use(about, "about"), soci::use(now_micros, "now"), soci::use(notice_id, "id");
}

// One outcome, if its claim still stands; whether it counted.
bool RecordAttempt(soci::session& session, const AttemptRecord& record) {
  const long long at = ToUnixMicros(record.attempted_at);
  const long long next = ToUnixMicros(record.decision.next_attempt_at);
  std::string state;
  switch (record.decision.verdict) {
    case DeliveryVerdict::kDelivered: state = "delivered"; break;
    case DeliveryVerdict::kRetry: state = "pending"; break;
    case DeliveryVerdict::kDeadLetter: state = "dead_letter"; break;
    case DeliveryVerdict::kEndpointGone: state = "abandoned"; break;
  }
  if (record.decision.verdict == DeliveryVerdict::kDelivered) {
    // The first 2xx is when the department received it, whoever sent it.
    session << "UPDATE notices SET delivered_at = " OF_MICROS_TO_TIMESTAMPTZ(":at")
               " WHERE id = :id::uuid AND delivered_at IS NULL",
        soci::use(at, "at"), soci::use(record.notice_id, "id");
  }
  soci::indicator status_ind = record.status == 0 ? soci::i_null : soci::i_ok;
  soci::indicator error_ind = record.error.empty() ? soci::i_null : soci::i_ok;
  const long long update = ExecuteCountingRows(
      session,
      "UPDATE webhook_deliveries SET state = :state, attempts = attempts + 1,"
      " claim = NULL, claimed_until = NULL,"
      " last_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":at") ","
      " last_status = :status, last_error = :error,"
      " next_attempt_at = CASE WHEN :state_b = 'pending' THEN "
      OF_MICROS_TO_TIMESTAMPTZ(":next") " ELSE next_attempt_at END,"
      " delivered_at = CASE WHEN :state_c = 'delivered' THEN "
      OF_MICROS_TO_TIMESTAMPTZ(":at_b") " END"
      " WHERE notice_id = :notice::uuid AND endpoint_id = :endpoint::uuid"
      "   AND claim = :claim::uuid AND state = 'pending'",
      soci::use(state, "state"), soci::use(at, "at"), soci::use(record.status, status_ind, "status"),
      soci::use(record.error, error_ind, "error"), soci::use(state, "state_b"),
      soci::use(next, "next"), soci::use(state, "state_c"), soci::use(at, "at_b"),
      soci::use(record.notice_id, "notice"), soci::use(record.endpoint_id, "endpoint"),
      soci::use(record.claim, "claim"));
  if (update == 0) return false;
  switch (record.decision.verdict) {
    case DeliveryVerdict::kEndpointGone:
      DisableInTransaction(session, record.endpoint_id,
                           "the receiver answered 410 Gone", at);
      AlertOffice(session, record.notice_id, "webhook_endpoint_gone", at);
      break;
    case DeliveryVerdict::kDeadLetter:
      AlertOffice(session, record.notice_id, "webhook_dead_letter", at);
      break;
    case DeliveryVerdict::kDelivered:
    case DeliveryVerdict::kRetry: break;
  }
  return true;
}

}  // namespace

std::string WebhookIdOf(const std::string& notice_id) { return "msg_" + notice_id; }

Result<v1::WebhookEndpoint> WebhookStore::Create(const NewWebhookEndpoint& endpoint, Timestamp now) {
  return database_.Run("create webhook endpoint", [&](soci::session& session) -> Result<v1::WebhookEndpoint> {
    const long long now_micros = ToUnixMicros(now);
    soci::transaction transaction(session);
    soci::row row;
    try {
      session << std::string("INSERT INTO webhook_endpoints (department, url, secret, created_at, created_by)"
                             " VALUES (:department, :url, :secret, ") +
                     OF_MICROS_TO_TIMESTAMPTZ(":now") + ", :by) RETURNING " + kEndpointColumns,
          soci::use(endpoint.department, "department"), soci::use(endpoint.url, "url"),
          soci::use(endpoint.secret, "secret"), soci::use(now_micros, "now"),
          soci::use(endpoint.created_by, "by"), soci::into(row);
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation && ConstraintName(error) == "webhook_endpoints_one_active") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists,
                                         "department " + endpoint.department +
                                             " already has an active webhook endpoint; disable it first"));
      }
      if (SqlState(error) == kForeignKeyViolation && ConstraintName(error) == "webhook_endpoints_department_fkey") {
        return std::unexpected(InvalidArgument(
            "the webhook endpoint is invalid",
            {{"department", "'" + endpoint.department + "' is not a known department"}}));
      }
      throw;
    }
    v1::WebhookEndpoint created = RowToEndpoint(row);
    // Notices the department has not received yet go out to the new endpoint.
    session << "INSERT INTO webhook_deliveries (notice_id, endpoint_id, next_attempt_at)"
               " SELECT id, :endpoint::uuid, " OF_MICROS_TO_TIMESTAMPTZ(":now")
               " FROM notices WHERE department = :department"
               "  AND delivered_at IS NULL AND acknowledged_at IS NULL",
        soci::use(created.id(), "endpoint"), soci::use(now_micros, "now"),
        soci::use(endpoint.department, "department");
    transaction.commit();
    created.set_secret(endpoint.secret);
    return created;
  });
}

Result<std::vector<v1::WebhookEndpoint>> WebhookStore::List() {
  return database_.Run("list webhook endpoints",
                       [&](soci::session& session) -> Result<std::vector<v1::WebhookEndpoint>> {
    soci::rowset<soci::row> rows = session.prepare
        << std::string("SELECT ") + kEndpointColumns +
               " FROM webhook_endpoints ORDER BY created_at DESC, id DESC";
    std::vector<v1::WebhookEndpoint> endpoints;
    for (const auto& row : rows) endpoints.push_back(RowToEndpoint(row));
    return endpoints;
  });
}

Result<v1::WebhookEndpoint> WebhookStore::Disable(const std::string& id, const std::string& reason,
                                                  Timestamp now) {
  if (!IsUuid(id)) return std::unexpected(NoSuchEndpoint(id));
  return database_.Run("disable webhook endpoint", [&](soci::session& session) -> Result<v1::WebhookEndpoint> {
    soci::transaction transaction(session);
    DisableInTransaction(session, id, reason, ToUnixMicros(now));
    soci::row row;
    session << std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints WHERE id = :id::uuid",
        soci::use(id, "id"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NoSuchEndpoint(id));
    transaction.commit();
    return RowToEndpoint(row);
  });
}

Result<std::vector<v1::WebhookDelivery>> WebhookStore::Deliveries(const std::string& endpoint_id) {
  if (!IsUuid(endpoint_id)) return std::unexpected(NoSuchEndpoint(endpoint_id));
  return database_.Run("list webhook deliveries",
                       [&](soci::session& session) -> Result<std::vector<v1::WebhookDelivery>> {
    int exists = 0;
    session << "SELECT count(*) FROM webhook_endpoints WHERE id = :id::uuid", soci::use(endpoint_id, "id"),
        soci::into(exists);
    if (exists == 0) return std::unexpected(NoSuchEndpoint(endpoint_id));
    Rows rows(session, "SELECT d.notice_id::text, d.state, d.attempts,"
                            " (extract(epoch FROM d.next_attempt_at) * 1000000)::bigint,"
                            " coalesce((extract(epoch FROM d.last_attempt_at) * 1000000)::bigint, -1),"
                            " coalesce(d.last_status, 0), coalesce(d.last_error, ''),"
                            " coalesce((extract(epoch FROM d.delivered_at) * 1000000)::bigint, -1)"
                            " FROM webhook_deliveries d JOIN notices n ON n.id = d.notice_id"
                            " WHERE d.endpoint_id = :id::uuid ORDER BY n.created_at DESC LIMIT 200",
         soci::use(endpoint_id, "id"));
    std::vector<v1::WebhookDelivery> deliveries;
    for (const auto& row : rows) {
      v1::WebhookDelivery& delivery = deliveries.emplace_back();
      delivery.set_notice_id(row.get<std::string>(0));
      delivery.set_endpoint_id(endpoint_id);
      delivery.set_webhook_id(WebhookIdOf(delivery.notice_id()));
      delivery.set_state(ParseDeliveryState(row.get<std::string>(1)));
      delivery.set_attempts(row.get<int>(2));
      if (delivery.state() == v1::WebhookDelivery::PENDING) {
        SetMicros(row.get<long long>(3), delivery.mutable_next_attempt_time());
      }
      SetMicros(row.get<long long>(4), delivery.mutable_last_attempt_time());
      delivery.set_last_status(row.get<int>(5));
      delivery.set_last_error(row.get<std::string>(6));
      SetMicros(row.get<long long>(7), delivery.mutable_deliver_time());
    }
    return deliveries;
  });
}

Result<std::vector<DueDelivery>> WebhookStore::Claim(Timestamp now, int limit,
                                                     std::chrono::milliseconds lease) {
  return database_.Run("claim webhook deliveries", [&](soci::session& session) -> Result<std::vector<DueDelivery>> {
    const long long now_micros = ToUnixMicros(now);
    const long long until_micros = ToUnixMicros(now + lease);
    soci::transaction transaction(session);
    // A notice written while its endpoint was being disabled can miss the
    // abandonment; catch it here rather than send to a disabled endpoint.
    session << "UPDATE webhook_deliveries d SET state = 'abandoned', claim = NULL, claimed_until = NULL"
               " FROM webhook_endpoints w"
               " WHERE d.endpoint_id = w.id AND NOT w.active AND d.state = 'pending'";
    std::vector<DueDelivery> due;
    {
      // Locks only the delivery rows (OF d), and only until the commit below:
      // endpoints and notices stay free for the API and other servers.
      Rows rows(session, "WITH claimed AS ("
                              "  UPDATE webhook_deliveries d SET claim = gen_random_uuid(),"
                              "    claimed_until = " OF_MICROS_TO_TIMESTAMPTZ(":until")
                              "  FROM (SELECT d2.notice_id, d2.endpoint_id FROM webhook_deliveries d2"
                              "        JOIN webhook_endpoints w2 ON w2.id = d2.endpoint_id"
                              "        WHERE d2.state = 'pending' AND w2.active"
                              "          AND d2.next_attempt_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now")
                              "          AND (d2.claimed_until IS NULL OR d2.claimed_until <= "
                              OF_MICROS_TO_TIMESTAMPTZ(":now_b") ")"
                              "        ORDER BY d2.next_attempt_at LIMIT :limit::integer"
                              "        FOR UPDATE OF d2 SKIP LOCKED) due"
                              "  WHERE d.notice_id = due.notice_id AND d.endpoint_id = due.endpoint_id"
                              "  RETURNING d.notice_id, d.endpoint_id, d.claim, d.attempts, d.next_attempt_at)"
                              " SELECT d.notice_id::text, d.endpoint_id::text, d.claim::text, w.url, w.secret,"
                              " d.attempts + 1, n.complaint_id::text, c.case_number, n.department,"
                              " n.notice, (extract(epoch FROM n.created_at) * 1000000)::bigint,"
                              " coalesce(n.payload->>'publicationDate', '')"
                              " FROM claimed d"
                              " JOIN webhook_endpoints w ON w.id = d.endpoint_id"
                              " JOIN notices n ON n.id = d.notice_id"
                              " JOIN complaints c ON c.id = n.complaint_id"
                              " ORDER BY d.next_attempt_at",
           soci::use(until_micros, "until"), soci::use(now_micros, "now"), soci::use(now_micros, "now_b"),
           soci::use(limit, "limit"));
      for (const auto& row : rows) {
        DueDelivery& delivery = due.emplace_back();
        delivery.notice_id = row.get<std::string>(0);
        delivery.endpoint_id = row.get<std::string>(1);
        delivery.claim = row.get<std::string>(2);
        delivery.url = row.get<std::string>(3);
        delivery.secret = row.get<std::string>(4);
        delivery.attempt = row.get<int>(5);
        delivery.notice.set_notice_id(delivery.notice_id);
        delivery.notice.set_complaint_id(row.get<std::string>(6));
        delivery.notice.set_case_number(row.get<std::string>(7));
        delivery.notice.set_department(row.get<std::string>(8));
        delivery.notice.set_notice(row.get<std::string>(9));
        *delivery.notice.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(10));
        delivery.notice.set_publication_date(row.get<std::string>(11));
      }
    }
    transaction.commit();
    return due;
  });
}

Result<int> WebhookStore::Record(const std::vector<AttemptRecord>& records) {
  if (records.empty()) return 0;
  return database_.Run("record webhook attempts", [&](soci::session& session) -> Result<int> {
    soci::transaction transaction(session);
    int counted = 0;
    for (const auto& record : records) counted += RecordAttempt(session, record) ? 1 : 0;
    transaction.commit();
    return counted;
  });
}

}  // namespace ombudsflow::store
