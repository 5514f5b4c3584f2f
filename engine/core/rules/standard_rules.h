#pragma once

#include <memory>

#include "engine/core/rules/personal_data.h"
#include "engine/core/workflow/rule_registry.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// Every guard and action ombudsflow ships: the general ones
/// (standard_rules.cc), the publication pipeline's (publication_rules.cc)
/// the hotline conversion's (hotline_conversion.cc) and the referrals'
/// (referral_rules.cc), which choose from `referrals`.
/// `known`: the organisation's own contact points, which the personal-data
/// rules pass over.
[[nodiscard]] RuleRegistry StandardRules(const v1::ReferralRegistry& referrals, const PublicContacts& known = {});

/// `record_referral`: a referral records the body chosen from `referrals`.
void AddReferralRules(RuleRegistry& registry, v1::ReferralRegistry referrals);

/// The guards and actions of the publication pipeline.
void AddPublicationRules(RuleRegistry& registry, std::shared_ptr<const PublicContacts> known);

/// The guards and actions of the communication products (release_rules.cc).
void AddReleaseRules(RuleRegistry& registry);

}  // namespace ombudsflow
