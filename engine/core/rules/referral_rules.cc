#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/referral_registry.h"

namespace ombudsflow {

void AddReferralRules(RuleRegistry& registry, v1::ReferralRegistry referrals) {
  registry.AddAction("record_referral", ActionSpec{
      [referrals = std::move(referrals)](const RuleContext& /*context*/, v1::Complaint& after,
                                         std::vector<Effect>& /*effects*/) -> std::expected<void, Error> {
        const google::protobuf::Value* chosen = FindFact(after, "referred_to");
        const v1::ReferralBody* body =
            chosen == nullptr ? nullptr : FindReferralBody(referrals, chosen->string_value());
        if (body == nullptr) {
          return std::unexpected(InvalidArgument("the transition's input is invalid",
                                                 {{"input.referred_to", "is not a body in the referral registry"}}));
        }
        // The registry changes; what the case was referred to must not. Its
        // kind and name are kept as they were, for the case and the reports.
        auto& facts = *after.mutable_facts()->mutable_fields();
        facts["referral_kind"].set_string_value(ReferralKindName(body->kind()));
        facts["referral_name"].set_string_value(body->name().da());
        return {};
      },
      {}, {},
      "records the body of the referral registry chosen in `referred_to`: its kind (referral_kind) and its "
      "name (referral_name) as they are today"});
}

}  // namespace ombudsflow
