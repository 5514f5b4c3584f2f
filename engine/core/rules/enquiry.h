#pragma once

#include <expected>

#include "engine/core/base/error.h"
#include "ombudsflow/v1/enquiries.pb.h"

namespace ombudsflow {

/// The social media an enquiry may come through (an allow-list).
inline constexpr std::string_view kEnquiryPlatforms[] = {"facebook", "instagram", "linkedin", "x", "tiktok", "other"};

/// Checks an enquiry from social media: a known platform, a topic of one
/// line (1-200 characters) with no personal data in it (no name, CPR
/// number, address, e-mail or phone: the register keeps none), and the
/// guidance's variant (da, en, da-easy; empty means da). Returns the
/// request trimmed and defaulted, or kInvalidArgument naming each field.
[[nodiscard]] Result<v1::RecordEnquiryRequest> ValidateEnquiry(v1::RecordEnquiryRequest request);

}  // namespace ombudsflow
