#include "engine/core/webhooks/delivery_schedule.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace ombudsflow {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::seconds;

constexpr seconds kFirstDelay{30};
constexpr seconds kLongestDelay = hours(12);
constexpr seconds kLongestRetryAfter = hours(24);
constexpr double kJitterSpread = 0.2;

}  // namespace

microseconds RetryDelay(int attempt, double jitter) {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const seconds nominal = std::min<seconds>(kFirstDelay * (1LL << doublings), kLongestDelay);
  const double factor = 1.0 - kJitterSpread + 2 * kJitterSpread * std::clamp(jitter, 0.0, 1.0);
  return microseconds(static_cast<long long>(
      static_cast<double>(std::chrono::duration_cast<microseconds>(nominal).count()) * factor));
}

DeliveryDecision DecideAfterAttempt(int attempt, const AttemptResult& result, Timestamp now,
                                    double jitter) {
  if (result.status >= 200 && result.status < 300) return {DeliveryVerdict::kDelivered};
  if (result.status == 410) return {DeliveryVerdict::kEndpointGone};
  if (attempt >= kMaxDeliveryAttempts) return {DeliveryVerdict::kDeadLetter};
  const bool asked_to_wait = (result.status == 429 || result.status == 503) && result.retry_after;
  if (asked_to_wait) {
    const seconds wait = std::clamp(*result.retry_after, seconds(1), kLongestRetryAfter);
    return {DeliveryVerdict::kRetry, now + wait};
  }
  return {DeliveryVerdict::kRetry, now + RetryDelay(attempt, jitter)};
}

std::optional<seconds> ParseRetryAfter(std::string_view value, Timestamp now) {
  long long delay = 0;
  const auto parsed = std::from_chars(value.data(), value.data() + value.size(), delay);
  if (parsed.ec == std::errc() && parsed.ptr == value.data() + value.size()) {
    if (delay < 0) return std::nullopt;
    return seconds(delay);
  }
  // An HTTP-date (RFC 9110 IMF-fixdate), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm when{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &when);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto at = std::chrono::sys_seconds(seconds(timegm(&when)));
  const auto now_seconds = std::chrono::floor<seconds>(now);
  return at <= now_seconds ? seconds(0) : at - now_seconds;
}

}  // namespace ombudsflow
