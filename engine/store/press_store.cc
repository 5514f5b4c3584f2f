#include "engine/store/press_store.h"

#include <soci/soci.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

constexpr const char* kColumns =
    "p.id::text, " OF_MICROS_OF("p.asked_at") ", p.medium, p.journalist, p.topic, coalesce(p.complaint_id::text, ''),"
    " coalesce(c.case_number, ''), p.recorded_by, " OF_MICROS_OF("p.recorded_at") ", coalesce(p.answered_by, ''),"
    " coalesce(" OF_MICROS_OF("p.answered_at") ", -1), coalesce(p.answer, ''), coalesce(p.consent_id, '')"
    " FROM press_inquiries p LEFT JOIN complaints c ON c.id = p.complaint_id";

PressInquiry RowToInquiry(const soci::row& row) {
  PressInquiry inquiry;
  inquiry.id = row.get<std::string>(0);
  inquiry.asked_at = FromUnixMicros(row.get<long long>(1));
  inquiry.medium = row.get<std::string>(2);
  inquiry.journalist = row.get<std::string>(3);
  inquiry.topic = row.get<std::string>(4);
  if (std::string complaint = row.get<std::string>(5); !complaint.empty()) inquiry.complaint_id = complaint;
  inquiry.case_number = row.get<std::string>(6);
  inquiry.recorded_by = row.get<std::string>(7);
  inquiry.recorded_at = FromUnixMicros(row.get<long long>(8));
  if (std::string by = row.get<std::string>(9); !by.empty()) inquiry.answered_by = by;
  if (const long long at = row.get<long long>(10); at >= 0) inquiry.answered_at = FromUnixMicros(at);
  inquiry.answer = row.get<std::string>(11);
  inquiry.consent_id = row.get<std::string>(12);
  return inquiry;
}

}  // namespace

Result<void> PressStore::Record(const PressInquiry& inquiry) {
  return database_.Run("record press inquiry", [&](soci::session& session) -> Result<void> {
    const long long asked = ToUnixMicros(inquiry.asked_at);
    const long long recorded = ToUnixMicros(inquiry.recorded_at);
    const std::string complaint = inquiry.complaint_id.value_or("");
    session << "INSERT INTO press_inquiries (id, asked_at, medium, journalist, topic, complaint_id, recorded_by,"
               " recorded_at) VALUES (:id::uuid, " OF_MICROS_TO_TIMESTAMPTZ(":asked") ", :medium, :journalist, :topic,"
               " nullif(:complaint, '')::uuid, :by, " OF_MICROS_TO_TIMESTAMPTZ(":recorded") ")",
        soci::use(inquiry.id, "id"), soci::use(asked, "asked"), soci::use(inquiry.medium, "medium"),
        soci::use(inquiry.journalist, "journalist"), soci::use(inquiry.topic, "topic"),
        soci::use(complaint, "complaint"), soci::use(inquiry.recorded_by, "by"), soci::use(recorded, "recorded");
    return {};
  });
}

Result<PressInquiry> PressStore::Find(const std::string& id) {
  if (!IsUuid(id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such press inquiry"));
  return database_.Run("press inquiry", [&](soci::session& session) -> Result<PressInquiry> {
    soci::rowset<soci::row> rows =
        (session.prepare << std::string("SELECT ") + kColumns + " WHERE p.id = :id::uuid", soci::use(id, "id"));
    for (const soci::row& row : rows) return RowToInquiry(row);
    return std::unexpected(MakeError(ErrorCode::kNotFound, "no such press inquiry"));
  });
}

Result<std::vector<PressInquiry>> PressStore::List(int limit) {
  return database_.Run("press log", [&](soci::session& session) -> Result<std::vector<PressInquiry>> {
    std::vector<PressInquiry> inquiries;
    soci::rowset<soci::row> rows =
        (session.prepare << std::string("SELECT ") + kColumns + " ORDER BY p.asked_at DESC, p.id LIMIT :limit",
         soci::use(limit, "limit"));
    for (const soci::row& row : rows) inquiries.push_back(RowToInquiry(row));
    return inquiries;
  });
}

Result<void> PressStore::Answer(const std::string& id, const std::string& answered_by, Timestamp at,
                                const std::string& answer, const std::string& consent_id) {
  return database_.Run("answer press inquiry", [&](soci::session& session) -> Result<void> {
    const long long when = ToUnixMicros(at);
    soci::statement update =
        (session.prepare << "UPDATE press_inquiries SET answered_by = :by, answered_at = "
                            OF_MICROS_TO_TIMESTAMPTZ(":at") ", answer = :answer, consent_id = nullif(:consent, '')"
                            " WHERE id = :id::uuid AND answered_by IS NULL",
         soci::use(answered_by, "by"), soci::use(when, "at"), soci::use(answer, "answer"),
         soci::use(consent_id, "consent"), soci::use(id, "id"));
    update.execute(true);
    if (update.get_affected_rows() != 1) {
      return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the inquiry was answered meanwhile"));
    }
    return {};
  });
}

}  // namespace ombudsflow::store
