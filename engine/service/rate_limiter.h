#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/core/base/time.h"

namespace ombudsflow::service {

/// A token bucket per caller (a service, not the pure core: it keeps state
/// behind a mutex for the server's lifetime): `per_minute` requests a minute on average,
/// up to `burst` at once. Thread-safe. Memory is bounded by `max_keys`:
/// when full, the buckets that have refilled are dropped first, and if that
/// frees nothing, all of them (a flood of distinct keys resets the limits;
/// it never grows memory).
class RateLimiter {
 public:
  RateLimiter(int per_minute, int burst, std::size_t max_keys = 100'000);

  /// nullopt when `key` may make a request at `now` (which it then uses
  /// up); otherwise how long until it may, in whole seconds, at least 1.
  [[nodiscard]] std::optional<std::chrono::seconds> Take(std::string_view key, Timestamp now);

 private:
  struct Bucket {
    double tokens;
    Timestamp updated;
  };
  // The bucket's tokens at `now`, refilled since it was last updated.
  [[nodiscard]] double Refilled(const Bucket& bucket, Timestamp now) const;

  const double per_microsecond_;
  const double burst_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace ombudsflow::service
