#include "engine/core/webhooks/delivery_schedule.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kNow = FromUnixMicros(1'795'000'000'000'000);
constexpr double kNoJitter = 0.5;  // the middle of the spread: the nominal delay

TEST(DeliveryScheduleTest, BacksOffExponentiallyUpToTwelveHours) {
  EXPECT_EQ(RetryDelay(1, kNoJitter), seconds(30));
  EXPECT_EQ(RetryDelay(2, kNoJitter), minutes(1));
  EXPECT_EQ(RetryDelay(3, kNoJitter), minutes(2));
  EXPECT_EQ(RetryDelay(11, kNoJitter), seconds(30 * 1024));
  EXPECT_EQ(RetryDelay(12, kNoJitter), hours(12));
  EXPECT_EQ(RetryDelay(16, kNoJitter), hours(12));
}

TEST(DeliveryScheduleTest, JitterSpreadsEachDelayByTwentyPercent) {
  EXPECT_EQ(RetryDelay(2, 0.0), seconds(48));
  EXPECT_EQ(RetryDelay(2, 1.0), seconds(72));
  EXPECT_GT(RetryDelay(2, 0.7), RetryDelay(2, 0.3));
}

TEST(DeliveryScheduleTest, TheLastAttemptComesAboutThreeDaysAfterTheFirst) {
  microseconds total{0};
  for (int attempt = 1; attempt < kMaxDeliveryAttempts; ++attempt) total += RetryDelay(attempt, kNoJitter);
  EXPECT_GT(total, hours(60));
  EXPECT_LT(total, hours(84));
}

TEST(DeliveryScheduleTest, OnlyTwoHundredsCountAsDelivered) {
  EXPECT_EQ(DecideAfterAttempt(1, {200, std::nullopt}, kNow, kNoJitter).verdict, DeliveryVerdict::kDelivered);
  EXPECT_EQ(DecideAfterAttempt(1, {204, std::nullopt}, kNow, kNoJitter).verdict, DeliveryVerdict::kDelivered);
  for (int status : {0, 301, 400, 404, 500, 502}) {
    const auto decision = DecideAfterAttempt(1, {status, std::nullopt}, kNow, kNoJitter);
    EXPECT_EQ(decision.verdict, DeliveryVerdict::kRetry) << status;
    EXPECT_EQ(decision.next_attempt_at, kNow + seconds(30)) << status;
  }
}

TEST(DeliveryScheduleTest, GoneDisablesAndTheLastFailureIsADeadLetter) {
  EXPECT_EQ(DecideAfterAttempt(3, {410, std::nullopt}, kNow, kNoJitter).verdict, DeliveryVerdict::kEndpointGone);
  EXPECT_EQ(DecideAfterAttempt(kMaxDeliveryAttempts - 1, {500, std::nullopt}, kNow, kNoJitter).verdict,
            DeliveryVerdict::kRetry);
  EXPECT_EQ(DecideAfterAttempt(kMaxDeliveryAttempts, {500, std::nullopt}, kNow, kNoJitter).verdict,
            DeliveryVerdict::kDeadLetter);
  EXPECT_EQ(DecideAfterAttempt(kMaxDeliveryAttempts, {200, std::nullopt}, kNow, kNoJitter).verdict,
            DeliveryVerdict::kDelivered);
}

TEST(DeliveryScheduleTest, RetryAfterIsHonouredFor429And503Only) {
  EXPECT_EQ(DecideAfterAttempt(1, {429, seconds(600)}, kNow, kNoJitter).next_attempt_at,
            kNow + seconds(600));
  EXPECT_EQ(DecideAfterAttempt(1, {503, seconds(5)}, kNow, kNoJitter).next_attempt_at,
            kNow + seconds(5));
  // Within bounds: at least a second, at most a day.
  EXPECT_EQ(DecideAfterAttempt(1, {503, seconds(0)}, kNow, kNoJitter).next_attempt_at,
            kNow + seconds(1));
  EXPECT_EQ(DecideAfterAttempt(1, {429, hours(100)}, kNow, kNoJitter).next_attempt_at,
            kNow + hours(24));
  // A 500 with Retry-After follows the backoff.
  EXPECT_EQ(DecideAfterAttempt(1, {500, seconds(600)}, kNow, kNoJitter).next_attempt_at,
            kNow + seconds(30));
}

TEST(DeliveryScheduleTest, ParsesRetryAfterAsSecondsOrHttpDate) {
  EXPECT_EQ(ParseRetryAfter("120", kNow), seconds(120));
  const Timestamp at = FromUnixMicros(784'111'777'000'000);  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", at - seconds(90)), seconds(90));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", at + seconds(5)), seconds(0));
  EXPECT_FALSE(ParseRetryAfter("-3", kNow));
  EXPECT_FALSE(ParseRetryAfter("soon", kNow));
  EXPECT_FALSE(ParseRetryAfter("", kNow));
  EXPECT_FALSE(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT trailing", kNow));
}

}  // namespace
}  // namespace ombudsflow
