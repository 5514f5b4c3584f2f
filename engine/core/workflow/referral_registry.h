#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The registry a vocabulary input names with `choices_from` to take the
/// referral bodies as its choices.
inline constexpr std::string_view kReferralChoices = "referrals";
/// The `choices_from` of an input whose choices are the KlarRet themes.
inline constexpr std::string_view kThemeChoices = "themes";

/// What is wrong with one body of the registry (id, kind, names and what it
/// handles in da and en, one way to reach it at least, each within its
/// length, the web address https); nullopt when nothing is.
[[nodiscard]] std::optional<std::string> ReferralBodyProblem(const v1::ReferralBody& body);

/// The body with `id`, or nullptr.
[[nodiscard]] const v1::ReferralBody* FindReferralBody(const v1::ReferralRegistry& registry, std::string_view id);

/// "appeals_board" for APPEALS_BOARD: the kind as a case records it.
[[nodiscard]] std::string ReferralKindName(v1::ReferralBody::Kind kind);

/// The bodies as an input's choices: value the id, label the name, help
/// what it handles, in registry order.
void AddReferralChoices(const v1::ReferralRegistry& registry, v1::InputField& field);

}  // namespace ombudsflow
