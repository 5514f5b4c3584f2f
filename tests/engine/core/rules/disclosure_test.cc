// MayDisclose is the one rule for personal data leaving the office: every
// kind, to each recipient, with and without a covering consent.
#include "engine/core/rules/disclosure.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

TEST(DisclosureTest, ACprNumberGoesToNobodyWhateverConsentThereIs) {
  v1::Complainant complainant;
  complainant.set_name("Jens Hansen");
  const v1::ConsentDeclaration consent;
  const PersonalDataHit cpr{.kind = PersonalDataKind::kCpr, .text = "010190-1234"};
  EXPECT_FALSE(ConsentCanCover(PersonalDataKind::kCpr));
  for (const Recipient recipient : {Recipient::kPublic, Recipient::kDepartment}) {
    EXPECT_FALSE(MayDisclose(cpr, nullptr, recipient, complainant));
    EXPECT_FALSE(MayDisclose(cpr, &consent, recipient, complainant));
  }
  EXPECT_EQ(WithNeverDisclosedMasked("Sagen om 010190-1234."), "Sagen om 010190-xxxx.");
}

TEST(DisclosureTest, ThePublicGetsOnlyWhatAConsentCovers) {
  v1::Complainant complainant;
  complainant.set_name("Jens Hansen");
  const v1::ConsentDeclaration consent;
  const PersonalDataHit name{.kind = PersonalDataKind::kName, .text = "Jens Hansen"};
  const PersonalDataHit someone{.kind = PersonalDataKind::kName, .text = "Anne"};
  EXPECT_FALSE(MayDisclose(name, nullptr, Recipient::kPublic, complainant));
  EXPECT_TRUE(MayDisclose(name, &consent, Recipient::kPublic, complainant));
  EXPECT_FALSE(MayDisclose(someone, nullptr, Recipient::kPublic, complainant));
}

TEST(DisclosureTest, TheDepartmentGetsWhatDoesNotSayWhoComplained) {
  v1::Complainant complainant;
  complainant.set_name("Jens Hansen");
  complainant.set_email("jens@example.dk");
  const v1::ConsentDeclaration consent;
  const PersonalDataHit name{.kind = PersonalDataKind::kName, .text = "Jens Hansen"};
  const PersonalDataHit own_email{.kind = PersonalDataKind::kEmail, .text = "jens@example.dk"};
  const PersonalDataHit other_email{.kind = PersonalDataKind::kEmail, .text = "anne@example.dk"};
  EXPECT_FALSE(MayDisclose(name, nullptr, Recipient::kDepartment, complainant));
  EXPECT_FALSE(MayDisclose(own_email, nullptr, Recipient::kDepartment, complainant));
  EXPECT_TRUE(MayDisclose(other_email, nullptr, Recipient::kDepartment, complainant));
  EXPECT_TRUE(MayDisclose(name, &consent, Recipient::kDepartment, complainant));
}

}  // namespace
}  // namespace ombudsflow
