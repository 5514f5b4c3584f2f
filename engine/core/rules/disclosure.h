#pragma once

#include <string>
#include <string_view>

#include "engine/core/rules/personal_data.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// Who personal data would reach: the public (a publication, anything on
/// the public pages), or the department a notice goes to.
enum class Recipient { kPublic, kDepartment };

/// Whether a citizen's consent can ever let data of `kind` out: never a
/// CPR number (seeds/000 and 002: confidential information stays so).
[[nodiscard]] bool ConsentCanCover(PersonalDataKind kind);

/// The one rule for personal data that would leave the office. Every path
/// that lets text out asks it: the publication guard, the notice to a
/// department, recording a consent (ConsentCanCover), and the public view
/// (WithNeverDisclosedMasked).
///
///   - a CPR number: never, whatever consent there is;
///   - to the public: only what `covering_consent` (confirmed, unrevoked,
///     CoveringConsent's) covers;
///   - to the department: what identifies the complainant only with such a
///     consent; other personal data (a caseworker's name, say) may go.
[[nodiscard]] bool MayDisclose(const PersonalDataHit& hit, const v1::ConsentDeclaration* covering_consent,
                               Recipient recipient, const v1::Complainant& complainant);

/// `text` with every CPR number masked: what the public view shows of a
/// free text, since nothing lets a CPR number out.
[[nodiscard]] std::string WithNeverDisclosedMasked(std::string_view text);

}  // namespace ombudsflow
