#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/core/base/time.h"

namespace ombudsflow::service {

/// What the database said about a credential (an API token, a session),
/// by the credential's hash, remembered for a short while so that a
/// request costs no round trip for it. Only while revocations are heard
/// (SetListening, from the database's NOTIFY): a revoked credential is
/// forgotten at once (Forget), and while nothing is heard nothing is
/// remembered. Refusals are never remembered.
///
/// An answer read from the database before a revocation must not be
/// remembered after it: take a Ticket before reading, and Remember with it.
template <class Value>
class RevocableCache {
 public:
  /// `ttl` 0: nothing is ever remembered.
  explicit RevocableCache(std::chrono::seconds ttl) : ttl_(ttl) {}

  [[nodiscard]] bool enabled() const { return ttl_.count() > 0; }

  /// The value remembered for `key`, if it is not older than the time to
  /// live nor past the credential's own expiry.
  [[nodiscard]] std::optional<Value> Find(const std::string& key, Timestamp now) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end() && it->second.until > now) return it->second.value;
    return std::nullopt;
  }

  /// Taken before the database is read; see Remember.
  [[nodiscard]] std::uint64_t Ticket() {
    std::lock_guard lock(mutex_);
    return generation_;
  }

  /// Remembers `value` for `key` until `now` + the time to live, or
  /// `expires` if sooner; not when a revocation was heard since `ticket`
  /// was taken, or while none can be heard.
  void Remember(const std::string& key, Value value, Timestamp now, Timestamp expires, std::uint64_t ticket) {
    if (!enabled()) return;
    std::lock_guard lock(mutex_);
    if (!listening_ || ticket != generation_) return;
    if (entries_.size() >= kMaxEntries) entries_.clear();  // bounds memory against a flood of credentials
    entries_[key] = Entry{std::move(value), std::min<Timestamp>(now + ttl_, expires)};
  }

  /// `key` was revoked: forget it, and any answer read before now.
  void Forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    ++generation_;
    entries_.erase(key);
  }

  /// Whether revocations are heard; while not, nothing is remembered.
  void SetListening(bool listening) {
    std::lock_guard lock(mutex_);
    listening_ = listening;
    ++generation_;
    entries_.clear();
  }

 private:
  struct Entry {
    Value value;
    Timestamp until;
  };
  static constexpr std::size_t kMaxEntries = 10'000;

  const std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  bool listening_ = false;
  std::uint64_t generation_ = 0;
};

}  // namespace ombudsflow::service
