#include "engine/core/rules/press.h"

namespace ombudsflow {

std::expected<std::string, std::string> PressConsentOf(const v1::Complaint& complaint) {
  bool unconfirmed = false;
  bool revoked = false;
  for (const v1::ConsentDeclaration& consent : complaint.consents()) {
    if (consent.kind() != kPressConsentKind) continue;
    if (consent.has_revoke_time()) {
      revoked = true;
      continue;
    }
    if (!consent.has_confirm_time()) {
      unconfirmed = true;
      continue;
    }
    return consent.id();
  }
  if (unconfirmed) return std::unexpected("the citizen's consent to speak to the press is recorded but not yet confirmed");
  if (revoked) return std::unexpected("the citizen revoked their consent to speak to the press");
  return std::unexpected("the citizen has not consented to the office speaking to the press about the matter");
}

}  // namespace ombudsflow
