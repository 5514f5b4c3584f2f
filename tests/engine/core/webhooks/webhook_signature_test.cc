#include "engine/core/webhooks/webhook_signature.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

// The test vector of the Standard Webhooks reference libraries.
constexpr std::string_view kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kSpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kSpecTimestamp = 1614265330;
constexpr std::string_view kSpecBody = R"({"test": 2432232314})";
constexpr std::string_view kSpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(WebhookSignatureTest, MatchesTheSpecificationsTestVector) {
  auto key = DecodeWebhookSecret(kSpecSecret);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(SignWebhook(*key, kSpecId, kSpecTimestamp, kSpecBody), kSpecSignature);
  EXPECT_EQ(EncodeWebhookSecret(*key), kSpecSecret);
}

TEST(WebhookSignatureTest, VerifiesAnyOfSeveralSignaturesAndNothingTampered) {
  const std::string key = *DecodeWebhookSecret(kSpecSecret);
  EXPECT_TRUE(VerifyWebhookSignature(key, kSpecId, kSpecTimestamp, kSpecBody, kSpecSignature));
  EXPECT_TRUE(VerifyWebhookSignature(key, kSpecId, kSpecTimestamp, kSpecBody,
                                     "v1,bm9wZQ== " + std::string(kSpecSignature)));
  EXPECT_FALSE(VerifyWebhookSignature(key, kSpecId, kSpecTimestamp + 1, kSpecBody, kSpecSignature));
  EXPECT_FALSE(VerifyWebhookSignature(key, "msg_other", kSpecTimestamp, kSpecBody, kSpecSignature));
  EXPECT_FALSE(VerifyWebhookSignature(key, kSpecId, kSpecTimestamp, R"({"test": 2432232315})",
                                      kSpecSignature));
  EXPECT_FALSE(VerifyWebhookSignature(std::string(24, 'x'), kSpecId, kSpecTimestamp, kSpecBody,
                                      kSpecSignature));
  EXPECT_FALSE(VerifyWebhookSignature(key, kSpecId, kSpecTimestamp, kSpecBody, ""));
}

TEST(WebhookSignatureTest, RefusesMalformedOrWeakSecrets) {
  EXPECT_FALSE(DecodeWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));  // no prefix
  EXPECT_FALSE(DecodeWebhookSecret("whsec_not base64!"));
  EXPECT_FALSE(DecodeWebhookSecret("whsec_c2hvcnQ="));  // 5 bytes
  EXPECT_FALSE(DecodeWebhookSecret("whsec_"));
}

TEST(WebhookSignatureTest, Base64RoundTripsEveryPaddingLength) {
  for (const std::string& bytes : {std::string("a"), std::string("ab"), std::string("abc"),
                                  std::string("\0\xff\x10\x80", 4)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
  }
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
}

}  // namespace
}  // namespace ombudsflow
