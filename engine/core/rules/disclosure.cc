#include "engine/core/rules/disclosure.h"

namespace ombudsflow {

bool ConsentCanCover(PersonalDataKind kind) { return kind != PersonalDataKind::kCpr; }

bool MayDisclose(const PersonalDataHit& hit, const v1::ConsentDeclaration* covering_consent, Recipient recipient,
                 const v1::Complainant& complainant) {
  if (!ConsentCanCover(hit.kind)) return false;
  const bool consented = covering_consent != nullptr;
  switch (recipient) {
    case Recipient::kPublic: return consented;
    case Recipient::kDepartment: return consented || !IdentifiesComplainant(hit, complainant);
  }
  return false;
}

std::string WithNeverDisclosedMasked(std::string_view text) { return WithCprNumbersMasked(text); }

}  // namespace ombudsflow
