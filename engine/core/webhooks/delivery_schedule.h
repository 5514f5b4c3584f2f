#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "engine/core/base/time.h"

namespace ombudsflow {

/// When webhook deliveries are retried, and when they give up: exponential
/// backoff from 30 seconds, doubling up to 12 hours between attempts, each
/// delay spread by ±20% so receivers that failed together do not get every
/// retry at the same moment. The last attempt comes about three days after
/// the first.
inline constexpr int kMaxDeliveryAttempts = 17;

/// The delay after failed attempt number `attempt` (1 = the first), given a
/// jitter draw in [0, 1).
[[nodiscard]] std::chrono::microseconds RetryDelay(int attempt, double jitter);

/// What one delivery attempt came back with. `status` 0 means no HTTP answer
/// (refused, timed out, reset, or the address was not allowed).
struct AttemptResult {
  int status = 0;
  std::optional<std::chrono::seconds> retry_after;  // from a 429 or 503
};

enum class DeliveryVerdict {
  kDelivered,     // 2xx: the only answer that counts as received
  kRetry,         // try again at `next_attempt_at`
  kEndpointGone,  // 410: the receiver asks us to stop; disable the endpoint
  kDeadLetter,    // the last attempt failed: alert the office
};

struct DeliveryDecision {
  DeliveryVerdict verdict;
  Timestamp next_attempt_at{};  // for kRetry
};

/// Decides what follows attempt number `attempt` made at `now`. A 429 or 503
/// with Retry-After is retried when the receiver asked (within 1 s to 24 h).
[[nodiscard]] DeliveryDecision DecideAfterAttempt(int attempt, const AttemptResult& result,
                                                  Timestamp now, double jitter);

/// A Retry-After header value: delay-seconds, or an HTTP-date relative to
/// `now`. nullopt when it is neither.
[[nodiscard]] std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                                  Timestamp now);

}  // namespace ombudsflow
