#include "engine/service/rate_limiter.h"

#include <gtest/gtest.h>

namespace ombudsflow::service {
namespace {

const Timestamp kStart = FromUnixMicros(1'795'000'000'000'000);

TEST(RateLimiter, LetsABurstThroughThenRefillsAtTheRate) {
  RateLimiter limiter(60, 3);  // one a second, three at once
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("token:a", kStart), std::nullopt) << i;
  auto refused = limiter.Take("token:a", kStart);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(*refused, std::chrono::seconds(1));
  // Another caller has a bucket of its own.
  EXPECT_EQ(limiter.Take("token:b", kStart), std::nullopt);
  // One second later, one more; not two.
  EXPECT_EQ(limiter.Take("token:a", kStart + std::chrono::seconds(1)), std::nullopt);
  EXPECT_TRUE(limiter.Take("token:a", kStart + std::chrono::seconds(1)).has_value());
  // A long pause refills up to the burst, not beyond.
  const Timestamp later = kStart + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("token:a", later), std::nullopt) << i;
  EXPECT_TRUE(limiter.Take("token:a", later).has_value());
}

TEST(RateLimiter, SaysHowLongToWaitInWholeSeconds) {
  RateLimiter limiter(6, 1);  // one every ten seconds
  ASSERT_EQ(limiter.Take("k", kStart), std::nullopt);
  EXPECT_EQ(limiter.Take("k", kStart), std::chrono::seconds(10));
  EXPECT_EQ(limiter.Take("k", kStart + std::chrono::milliseconds(9'500)), std::chrono::seconds(1));
}

TEST(RateLimiter, AFloodOfKeysNeverGrowsMemoryPastItsBound) {
  RateLimiter limiter(60, 1, 100);
  for (int i = 0; i < 10'000; ++i) EXPECT_EQ(limiter.Take("key " + std::to_string(i), kStart), std::nullopt);
  // The bound was reached and buckets were dropped: a key seen long ago
  // starts afresh rather than keeping memory. A recent one is still limited.
  EXPECT_TRUE(limiter.Take("key 9999", kStart).has_value());
}

}  // namespace
}  // namespace ombudsflow::service
