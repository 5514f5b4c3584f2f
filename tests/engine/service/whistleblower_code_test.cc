// A whistleblower's receipt code: 80 bits from the form's token, written
// in Crockford's base32 in groups of four, read back however a person
// types it.
#include <gtest/gtest.h>

#include <set>

#include "engine/service/citizen_tokens.h"
#include "engine/service/whistleblower_service.h"

namespace ombudsflow::service {
namespace {

TEST(WhistleblowerCodeTest, TheSameFormGivesTheSameCodeAndOtherFormsOthers) {
  const std::string token = NewCitizenToken();
  const std::string code = WhistleblowerService::ReceiptCodeOf(token);
  EXPECT_EQ(code, WhistleblowerService::ReceiptCodeOf(token));
  ASSERT_EQ(code.size(), 19u);
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(code[i], '-') << code;
    } else {
      EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]), std::string_view::npos) << code;
    }
  }
  std::set<std::string> codes;
  for (int i = 0; i < 1000; ++i) codes.insert(WhistleblowerService::ReceiptCodeOf(NewCitizenToken()));
  EXPECT_EQ(codes.size(), 1000u);
}

TEST(WhistleblowerCodeTest, ACodeIsReadBackHoweverItIsTyped) {
  const std::string code = "K7QM-4XPA-93HD-W2RT";
  EXPECT_EQ(WhistleblowerService::NormalisedCode(code), code);
  EXPECT_EQ(WhistleblowerService::NormalisedCode("k7qm4xpa93hdw2rt"), code);
  EXPECT_EQ(WhistleblowerService::NormalisedCode(" K7QM 4XPA 93HD W2RT "), code);
  // Look-alikes: O is 0, I and L are 1.
  EXPECT_EQ(WhistleblowerService::NormalisedCode("1111-0000-1111-0000"),
            WhistleblowerService::NormalisedCode("ILil-OoOo-1111-0000"));
  for (const char* wrong : {"", "K7QM-4XPA-93HD", "K7QM-4XPA-93HD-W2RTX", "K7QM-4XPA-93HD-W2RU", "æøåæ-4XPA-93HD-W2RT",
                            "'; DROP TABLE complaints; --"}) {
    EXPECT_FALSE(WhistleblowerService::NormalisedCode(wrong).has_value()) << wrong;
  }
  EXPECT_FALSE(WhistleblowerService::NormalisedCode(std::string(10'000, 'A')).has_value());
}

}  // namespace
}  // namespace ombudsflow::service
