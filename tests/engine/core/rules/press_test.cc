// Seed 000: the office never speaks to the press about a citizen's matter
// without the citizen's explicit consent: a press consent, confirmed and
// not revoked.
#include "engine/core/rules/press.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

v1::ConsentDeclaration& Consent(v1::Complaint& complaint, const std::string& id, const std::string& kind) {
  v1::ConsentDeclaration& consent = *complaint.add_consents();
  consent.set_id(id);
  consent.set_kind(kind);
  consent.set_value("Politiken om ventetiden");
  return consent;
}

TEST(PressConsent, OnlyAConfirmedUnrevokedPressConsentLetsTheOfficeAnswer) {
  v1::Complaint complaint;
  EXPECT_THAT(PressConsentOf(complaint).error(), HasSubstr("has not consented"));
  // A consent to publish a name is no consent to speak to the press.
  Consent(complaint, "c-name", "name").mutable_confirm_time()->set_seconds(1);
  EXPECT_FALSE(PressConsentOf(complaint).has_value());
  v1::ConsentDeclaration& press = Consent(complaint, "c-press", "press");
  EXPECT_THAT(PressConsentOf(complaint).error(), HasSubstr("not yet confirmed"));
  press.mutable_confirm_time()->set_seconds(2);
  EXPECT_EQ(PressConsentOf(complaint).value(), "c-press");
  press.mutable_revoke_time()->set_seconds(3);
  EXPECT_THAT(PressConsentOf(complaint).error(), HasSubstr("revoked"));
  // A later consent, confirmed, counts again.
  Consent(complaint, "c-press-2", "press").mutable_confirm_time()->set_seconds(4);
  EXPECT_EQ(PressConsentOf(complaint).value(), "c-press-2");
}

}  // namespace
}  // namespace ombudsflow
