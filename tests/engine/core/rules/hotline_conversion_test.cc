#include "engine/core/rules/hotline_conversion.h"

#include <gtest/gtest.h>

#include "engine/core/base/uuid.h"

namespace ombudsflow {
namespace {

TEST(HotlineConversionTest, TheComplaintsIdIsAStableUuidOfTheContacts) {
  const std::string a = ConvertedComplaintId("c0ffee00-0000-4000-8000-000000000001");
  EXPECT_EQ(a, ConvertedComplaintId("c0ffee00-0000-4000-8000-000000000001"));
  EXPECT_NE(a, ConvertedComplaintId("c0ffee00-0000-4000-8000-000000000002"));
  EXPECT_TRUE(IsUuid(a)) << a;
  EXPECT_EQ(a[14], '8') << "version 8 (custom)";
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos) << "RFC 9562 variant";
}

TEST(HotlineConversionTest, TheContactFillsWhatTheRequestLeavesOut) {
  v1::Complaint hotline;
  hotline.set_channel(v1::PHONE);
  hotline.set_subject("Afvist ved indgangen");
  hotline.set_description("Opringning");
  v1::CreateComplaintRequest request;
  request.set_department("KFF");
  request.set_subject("Afvisning i svømmehallen");
  const auto intake = ConversionIntake(hotline, request);
  EXPECT_EQ(intake.channel(), v1::PHONE);
  EXPECT_EQ(intake.department(), "KFF");
  EXPECT_EQ(intake.subject(), "Afvisning i svømmehallen");
  EXPECT_EQ(intake.description(), "Opringning");
}

}  // namespace
}  // namespace ombudsflow
