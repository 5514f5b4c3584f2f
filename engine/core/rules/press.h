#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// The kind of consent by which a citizen lets the office speak to the
/// press about their matter (seed 000: never without the citizen's explicit
/// consent). It is recorded, confirmed and revoked as every consent is
/// (consent.h); its value says what it covers ("Politiken om ventetiden").
inline constexpr std::string_view kPressConsentKind = "press";

/// The consent that lets the office answer the press about `complaint`:
/// a press consent confirmed by the ombudsman (or a delegated deputy) and
/// not revoked; its id. Otherwise why not, in words a caseworker can act on.
[[nodiscard]] std::expected<std::string, std::string> PressConsentOf(const v1::Complaint& complaint);

}  // namespace ombudsflow
