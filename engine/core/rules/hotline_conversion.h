#pragma once

#include <string>

#include "engine/core/workflow/rule_registry.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// The id of the complaint a hotline contact converts to: derived from the
/// contact's id, so converting twice (a retry, two caseworkers at once)
/// opens one complaint, never two. A version 8 (custom) UUID from SHA-256.
[[nodiscard]] std::string ConvertedComplaintId(const std::string& hotline_id);

/// The complaint's intake: what the caseworker sends, with the contact's
/// channel, department, subject and description where the request leaves
/// them out.
[[nodiscard]] v1::CreateComplaintRequest ConversionIntake(const v1::Complaint& hotline,
                                                          v1::CreateComplaintRequest request);

/// Registers the guard `converted_complaint_recorded`: the fact
/// `complaint_id` names the complaint this contact converts to.
void AddConversionRules(RuleRegistry& registry);

}  // namespace ombudsflow
