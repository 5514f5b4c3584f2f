#include "engine/core/rules/enquiry.h"

#include <algorithm>

#include "engine/core/base/text.h"
#include "engine/core/rules/personal_data.h"

namespace ombudsflow {

Result<v1::RecordEnquiryRequest> ValidateEnquiry(v1::RecordEnquiryRequest request) {
  std::vector<FieldViolation> violations;
  request.set_platform(Trimmed(request.platform()));
  if (std::find(std::begin(kEnquiryPlatforms), std::end(kEnquiryPlatforms), request.platform()) ==
      std::end(kEnquiryPlatforms)) {
    violations.push_back({"platform", "must be facebook, instagram, linkedin, x, tiktok or other"});
  }
  request.set_topic(Trimmed(request.topic()));
  if (request.topic().empty()) {
    violations.push_back({"topic", "is required: what the enquiry was about", "required"});
  } else if (Utf8Length(request.topic()) > 200 || !IsOneLineOfText(request.topic())) {
    violations.push_back({"topic", "must be one line of at most 200 characters", "invalid_text"});
  } else if (const auto hits = FindPersonalData(request.topic(), {}); !hits.empty()) {
    violations.push_back({"topic", "holds personal data (" + std::string(KindName(hits.front().kind)) +
                                       "): an enquiry is registered without who asked",
                          "holds_personal_data"});
  }
  if (request.variant().empty()) request.set_variant("da");
  if (request.variant() != "da" && request.variant() != "en" && request.variant() != "da-easy") {
    violations.push_back({"variant", "must be da, en or da-easy"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the enquiry is invalid", std::move(violations)));
  return request;
}

}  // namespace ombudsflow
