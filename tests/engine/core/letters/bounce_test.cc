#include "engine/core/letters/bounce.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

TEST(KindOfBounceTest, FailedIsHardForAPermanentStatusAndSoftForATemporaryOne) {
  EXPECT_EQ(KindOfBounce("failed", "5.1.1"), BounceKind::kHard);
  EXPECT_EQ(KindOfBounce("Failed", "5.2.2"), BounceKind::kHard);
  EXPECT_EQ(KindOfBounce("failed", "4.4.7"), BounceKind::kSoft);
}

TEST(KindOfBounceTest, OtherActionsAndStatusesWithoutAClassAskNothing) {
  for (const char* action : {"delayed", "delivered", "relayed", "expanded", ""}) {
    EXPECT_EQ(KindOfBounce(action, "5.1.1"), BounceKind::kNone) << action;
  }
  for (const char* status : {"", "5", "511", "2.0.0", "x.1.1"}) {
    EXPECT_EQ(KindOfBounce("failed", status), BounceKind::kNone) << status;
  }
}

constexpr const char* kIssue = "0b9d5a0e-6f43-4c1e-9a53-1f7f2b6f1c3e";
constexpr const char* kToken = "5f0c2a9e41b7d3c8a6e2f1b0d9c8e7a6";

TEST(ProductMessageIdTest, NamesItsDeliveryBackWithOrWithoutBracketsAndDomain) {
  const std::string left = ProductMessageId({kIssue, 42, kToken});
  EXPECT_EQ(left, std::string("produkt-") + kIssue + ".42." + kToken);
  for (const std::string& id : {left, left + "@ombudsmand.example", "<" + left + "@ombudsmand.example>"}) {
    const auto delivery = ProductDeliveryOf(id);
    ASSERT_TRUE(delivery.has_value()) << id;
    EXPECT_EQ(delivery->issue_id, kIssue);
    EXPECT_EQ(delivery->delivery_id, 42);
    EXPECT_EQ(delivery->message_token, kToken);
  }
}

TEST(ProductMessageIdTest, RefusesWhatIsNotAProductsDelivery) {
  const std::string issue = kIssue;
  const std::string token = kToken;
  for (const std::string& id :
       {std::string(), std::string("<letter-1@x>"), std::string("produkt-"), "produkt-nouuid.1." + token + "@x",
        "produkt-" + issue + "@x", "produkt-" + issue + ".1@x", "produkt-" + issue + ".0." + token + "@x",
        "produkt-" + issue + ".-3." + token + "@x", "produkt-" + issue + ".12x." + token + "@x",
        "produkt-" + issue + ".99999999999999999999." + token + "@x", "produkt-" + issue + ".1." + token + "0@x",
        "produkt-" + issue + ".1." + token.substr(1) + "@x", "produkt-" + issue + ".1.5F0C2A9E41B7D3C8A6E2F1B0D9C8E7A6@x"}) {
    EXPECT_FALSE(ProductDeliveryOf(id).has_value()) << id;
  }
}

}  // namespace
}  // namespace ombudsflow
