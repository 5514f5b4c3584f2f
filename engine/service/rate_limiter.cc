#include "engine/service/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ombudsflow::service {

RateLimiter::RateLimiter(int per_minute, int burst, std::size_t max_keys)
    : per_microsecond_(std::max(per_minute, 1) / 60e6), burst_(std::max(burst, 1)), max_keys_(max_keys) {}

double RateLimiter::Refilled(const Bucket& bucket, Timestamp now) const {
  const auto elapsed = std::max<std::int64_t>(0, (now - bucket.updated).count());
  return std::min(burst_, bucket.tokens + static_cast<double>(elapsed) * per_microsecond_);
}

std::optional<std::chrono::seconds> RateLimiter::Take(std::string_view key, Timestamp now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      std::erase_if(buckets_, [&](const auto& entry) { return Refilled(entry.second, now) >= burst_; });
      if (buckets_.size() >= max_keys_) buckets_.clear();
    }
    it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait_seconds = (1.0 - bucket.tokens) / per_microsecond_ / 1e6;
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait_seconds))));
}

}  // namespace ombudsflow::service
