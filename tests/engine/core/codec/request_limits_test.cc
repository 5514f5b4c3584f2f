#include "engine/core/codec/request_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow {
namespace {

std::vector<std::string> Fields(const Result<void>& result) {
  std::vector<std::string> fields;
  if (!result) {
    for (const auto& violation : result.error().field_violations) fields.push_back(violation.field);
  }
  return fields;
}

v1::CreateComplaintRequest Intake() {
  v1::CreateComplaintRequest request;
  request.set_channel(v1::LETTER);
  request.mutable_complainant()->set_name("Jens Hansen");
  request.mutable_complainant()->set_email("jens@example.dk");
  request.set_department("BUF");
  request.set_subject("Svar");
  request.set_description("Intet svar.");
  return request;
}

TEST(RequestLimitsTest, AnOrdinaryRequestPasses) { EXPECT_TRUE(CheckRequestLimits(Intake()).has_value()); }

// The review's crashes: a 30,000-character e-mail address and language.
TEST(RequestLimitsTest, NamesEachTextLongerThanItsFieldAllows) {
  auto request = Intake();
  request.mutable_complainant()->set_email(std::string(30'000, 'a') + "@example.dk");
  request.mutable_complainant()->set_language(std::string(30'000, 'd'));
  request.set_subject(std::string(301, 'x'));
  const auto checked = CheckRequestLimits(request);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(Fields(checked), ::testing::UnorderedElementsAre("complainant.email", "complainant.language", "subject"));
}

TEST(RequestLimitsTest, CountsCharactersNotBytes) {
  auto request = Intake();
  request.set_subject(std::string(300 / 2 * 2, 'x'));
  EXPECT_TRUE(CheckRequestLimits(request).has_value());
  std::string danish;
  for (int i = 0; i < 300; ++i) danish += "ø";  // 600 bytes, 300 characters
  request.set_subject(danish);
  EXPECT_TRUE(CheckRequestLimits(request).has_value());
  request.set_subject(danish + "ø");
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ::testing::ElementsAre("subject"));
}

TEST(RequestLimitsTest, RefusesNulCharactersAnywhere) {
  auto request = Intake();
  request.mutable_complainant()->set_name(std::string("Inj\0ect", 7));
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ::testing::ElementsAre("complainant.name"));
  v1::TransitionRequest transition;
  transition.set_name("x");
  (*transition.mutable_input()->mutable_fields())["note"].set_string_value(std::string("a\0b", 3));
  EXPECT_THAT(Fields(CheckRequestLimits(transition)), ::testing::ElementsAre("input.note"));
}

TEST(RequestLimitsTest, RefusesInvalidUtf8ThatTheBinaryParserLetThrough) {
  auto request = Intake();
  request.set_subject("\xff\xfe");
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ::testing::ElementsAre("subject"));
}

TEST(RequestLimitsTest, BoundsFreeFormInputTextsKeysAndDepth) {
  v1::TransitionRequest transition;
  transition.set_name("draft_publication");
  auto& input = *transition.mutable_input()->mutable_fields();
  input["publication_text"].set_string_value(std::string(kMaxInputTextLength, 'a'));
  EXPECT_TRUE(CheckRequestLimits(transition).has_value());
  input["publication_text"].set_string_value(std::string(kMaxInputTextLength + 1, 'a'));
  input[std::string(65, 'k')].set_bool_value(true);
  google::protobuf::Value* deep = &input["deep"];
  for (int i = 0; i < 100; ++i) deep = &(*deep->mutable_struct_value()->mutable_fields())["d"];
  deep->set_bool_value(true);
  const auto fields = Fields(CheckRequestLimits(transition));
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_THAT(fields, ::testing::Contains("input.publication_text"));
  EXPECT_THAT(fields, ::testing::Contains(::testing::StartsWith("input.deep.d.d")));
  EXPECT_THAT(fields, ::testing::Contains("input." + std::string(64, 'k')));
}

// proto3 keeps channel = 999 as 999; PostgreSQL's check then failed with a
// 500, logging the citizen's row.
TEST(RequestLimitsTest, RefusesEnumNumbersTheEnumDoesNotDefine) {
  auto request = Intake();
  for (const int number : {999, -1, 7}) {
    request.set_channel(static_cast<v1::Channel>(number));
    const auto checked = CheckRequestLimits(request);
    EXPECT_THAT(Fields(checked), ::testing::ElementsAre("channel")) << number;
    ASSERT_FALSE(checked.has_value());
    EXPECT_THAT(checked.error().field_violations[0].description,
                ::testing::HasSubstr(std::to_string(number) + " is not a Channel (LETTER, EMAIL,"));
  }
  request.set_channel(v1::OWN_INITIATIVE);
  EXPECT_TRUE(CheckRequestLimits(request).has_value());
}

// A delegation ending in the year 10000 was stored and then broke the list.
TEST(RequestLimitsTest, RefusesTimestampsOutsideYearsOneToNineThousandNineHundredNinetyNine) {
  v1::CreateDelegationRequest request;
  request.set_deputy("Vibeke");
  request.set_reason("Ferie");
  request.mutable_start_time()->set_seconds(1'800'000'000);
  request.mutable_end_time()->set_seconds(253'402'300'800);  // 10000-01-01
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ::testing::ElementsAre("end_time"));
  request.mutable_end_time()->set_seconds(1'900'000'000);
  request.mutable_start_time()->set_nanos(-1);
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ::testing::ElementsAre("start_time"));
}

}  // namespace
}  // namespace ombudsflow
