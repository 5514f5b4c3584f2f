#include "engine/service/enquiry_service.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/hex.h"
#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/enquiry.h"

namespace ombudsflow::service {

Result<v1::Enquiry> EnquiryService::Record(const Actor& actor, v1::RecordEnquiryRequest request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  if (auto allowed = Authorize(actor, Permission::kRegisterComplaint); !allowed) {
    return std::unexpected(allowed.error());
  }
  auto valid = ValidateEnquiry(std::move(request));
  if (!valid) return std::unexpected(valid.error());
  const Timestamp now = clock_.Now();
  auto guidance = letters_.RenderWithoutCase("social_media_guidance", valid->variant(), clock_.LocalDate(now));
  if (!guidance) return std::unexpected(guidance.error());
  v1::Enquiry enquiry;
  enquiry.set_id(ids_.NewId());
  enquiry.set_platform(valid->platform());
  enquiry.set_topic(valid->topic());
  enquiry.set_variant(valid->variant());
  *enquiry.mutable_create_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(now));
  enquiry.set_recorded_by(actor.name);
  enquiry.set_guidance_subject(guidance->subject);
  enquiry.set_guidance_html(guidance->body);
  if (auto stored = store_.Insert(enquiry, Sha256Hex(guidance->body)); !stored) {
    return std::unexpected(stored.error());
  }
  return enquiry;
}

Result<v1::ListEnquiriesResponse> EnquiryService::List(const Actor& actor) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) {
    return std::unexpected(allowed.error());
  }
  return store_.Newest(100);
}

Result<v1::Enquiry> EnquiryService::Find(const Actor& actor, const std::string& id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) {
    return std::unexpected(allowed.error());
  }
  auto found = store_.Find(id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(NotFound("no such enquiry"));
  v1::Enquiry enquiry = std::move(**found);
  const Timestamp created = FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(enquiry.create_time()));
  auto guidance = letters_.RenderWithoutCase("social_media_guidance", enquiry.variant(), clock_.LocalDate(created));
  if (!guidance) return std::unexpected(guidance.error());
  enquiry.set_guidance_html(guidance->body);
  return enquiry;
}

}  // namespace ombudsflow::service
