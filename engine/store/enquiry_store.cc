#include "engine/store/enquiry_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

using google::protobuf::util::TimeUtil;

Result<void> EnquiryStore::Insert(const v1::Enquiry& enquiry, const std::string& guidance_sha256) {
  return database_.Run("record an enquiry", [&](soci::session& session) -> Result<void> {
    const long long at = TimeUtil::TimestampToMicroseconds(enquiry.create_time());
    session << "INSERT INTO enquiries (id, platform, topic, variant, created_at, recorded_by, guidance_subject,"
               " guidance_sha256) VALUES (:id::uuid, :platform, :topic, :variant, " OF_MICROS_TO_TIMESTAMPTZ(":at")
               ", :by, :subject, :sha)",
        soci::use(enquiry.id(), "id"), soci::use(enquiry.platform(), "platform"), soci::use(enquiry.topic(), "topic"),
        soci::use(enquiry.variant(), "variant"), soci::use(at, "at"), soci::use(enquiry.recorded_by(), "by"),
        soci::use(enquiry.guidance_subject(), "subject"), soci::use(guidance_sha256, "sha");
    return {};
  });
}

namespace {

constexpr const char* kEnquiryColumns =
    "SELECT id::text, platform, topic, variant, (extract(epoch FROM created_at) * 1000000)::bigint,"
    " recorded_by, guidance_subject FROM enquiries ";

v1::Enquiry EnquiryOf(const soci::row& row) {
  v1::Enquiry enquiry;
  enquiry.set_id(row.get<std::string>(0));
  enquiry.set_platform(row.get<std::string>(1));
  enquiry.set_topic(row.get<std::string>(2));
  enquiry.set_variant(row.get<std::string>(3));
  *enquiry.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(4));
  enquiry.set_recorded_by(row.get<std::string>(5));
  enquiry.set_guidance_subject(row.get<std::string>(6));
  return enquiry;
}

}  // namespace

Result<v1::ListEnquiriesResponse> EnquiryStore::Newest(int limit) {
  return database_.Run("list enquiries", [&](soci::session& session) -> Result<v1::ListEnquiriesResponse> {
    v1::ListEnquiriesResponse response;
    Rows rows(session, std::string(kEnquiryColumns) + "ORDER BY created_at DESC, id DESC LIMIT :limit::integer",
              soci::use(limit, "limit"));
    for (const auto& row : rows) *response.add_enquiries() = EnquiryOf(row);
    return response;
  });
}

Result<std::optional<v1::Enquiry>> EnquiryStore::Find(const std::string& id) {
  if (!IsUuid(id)) return std::optional<v1::Enquiry>();
  return database_.Run("read an enquiry", [&](soci::session& session) -> Result<std::optional<v1::Enquiry>> {
    Rows rows(session, std::string(kEnquiryColumns) + "WHERE id = :id::uuid", soci::use(id, "id"));
    for (const auto& row : rows) return std::optional<v1::Enquiry>(EnquiryOf(row));
    return std::optional<v1::Enquiry>();
  });
}

}  // namespace ombudsflow::store
