#include "engine/core/policy/id_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

constexpr long long kNow = 1'800'000'000;

class IdTokenClaimsTest : public ::testing::Test {
 protected:
  nlohmann::json claims_ = {{"iss", "https://idp.example"}, {"aud", "ombudsflow"}, {"sub", "abc"},
                            {"exp", kNow + 300},             {"iat", kNow - 10},     {"nonce", "n-1"},
                            {"email", "anne@kk.dk"},          {"email_verified", true}};
  IdTokenExpectations expected_{"https://idp.example", "ombudsflow", "n-1", FromUnixMicros(kNow * 1'000'000)};

  std::string Refusal() {
    auto checked = CheckIdTokenClaims(claims_.dump(), expected_);
    return checked ? "" : checked.error().message;
  }
};

TEST_F(IdTokenClaimsTest, AcceptsAGoodTokenAndReadsWhoItIs) {
  auto identity = CheckIdTokenClaims(claims_.dump(), expected_);
  ASSERT_TRUE(identity.has_value()) << identity.error().message;
  EXPECT_EQ(identity->subject, "abc");
  EXPECT_EQ(identity->email, "anne@kk.dk");
  EXPECT_TRUE(identity->email_verified);
}

TEST_F(IdTokenClaimsTest, RefusesEachClaimThatIsWrong) {
  const auto refused = [&](const char* claim, nlohmann::json value, const char* why) {
    const nlohmann::json saved = claims_;
    if (value.is_null()) {
      claims_.erase(claim);
    } else {
      claims_[claim] = value;
    }
    EXPECT_THAT(Refusal(), HasSubstr(why)) << claim << " = " << value.dump();
    claims_ = saved;
  };
  refused("iss", "https://idp.example/", "issued by someone else");
  refused("iss", nullptr, "issued by someone else");
  refused("aud", "other", "another client");
  refused("aud", nlohmann::json::array({"other", "more"}), "another client");
  refused("aud", 42, "another client");
  refused("exp", kNow - 61, "expired");
  refused("exp", "soon", "expired");
  refused("exp", nullptr, "expired");
  refused("iat", kNow + 61, "in the future");
  refused("iat", nullptr, "in the future");
  refused("nonce", "n-2", "nonce");
  refused("nonce", nullptr, "nonce");
  refused("sub", "", "subject");
  refused("sub", std::string(256, 'x'), "subject");
  refused("azp", "other", "authorised party");
  EXPECT_THAT(CheckIdTokenClaims("[1, 2]", expected_).error().message, HasSubstr("not a JSON object"));
  EXPECT_THAT(CheckIdTokenClaims("{", expected_).error().message, HasSubstr("not a JSON object"));
}

TEST_F(IdTokenClaimsTest, SeveralAudiencesNeedUsAsTheAuthorisedParty) {
  claims_["aud"] = {"ombudsflow", "another"};
  EXPECT_THAT(Refusal(), HasSubstr("authorised party"));
  claims_["azp"] = "ombudsflow";
  EXPECT_EQ(Refusal(), "");
}

TEST_F(IdTokenClaimsTest, AllowsAMinuteOfClockDifferenceAndNoMore) {
  claims_["exp"] = kNow - 59;
  claims_["iat"] = kNow + 59;
  EXPECT_EQ(Refusal(), "");
  claims_["exp"] = kNow - 60;
  EXPECT_THAT(Refusal(), HasSubstr("expired"));
}

TEST_F(IdTokenClaimsTest, AnEmptyExpectedNonceMatchesNothing) {
  expected_.nonce.clear();
  claims_["nonce"] = "";
  EXPECT_THAT(Refusal(), HasSubstr("nonce"));
}

}  // namespace
}  // namespace ombudsflow
