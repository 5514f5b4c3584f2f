#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// Argon2id (libsodium, its "interactive" cost: 2 passes over 64 MiB), a
/// few at a time. Each hash or verification takes 64 MiB and most of a core
/// for about a tenth of a second; unbounded, a stream of sign-ins took every
/// core and a gigabyte (issue #25). At most `concurrency` run at once; up to
/// `queue` more wait, each at most `max_wait`; any further one, or one that
/// waited its time, is kResourceExhausted (IsBusy), so a busy
/// server answers 429 instead of slowing everyone down. The work runs on
/// the caller's thread; the caller should hold no database connection.
/// Every password hashed or verified goes through one of these.
class PasswordHasher {
 public:
  struct Limits {
    int concurrency = 1;
    int queue = 8;
    std::chrono::milliseconds max_wait{2000};
  };

  PasswordHasher();  // with the default Limits
  explicit PasswordHasher(Limits limits);

  /// `password` hashed, in the encoded form that carries salt and cost.
  [[nodiscard]] Result<std::string> Hash(std::string_view password);

  /// Whether `password` matches `encoded` (from Hash). False for any
  /// malformed hash.
  [[nodiscard]] Result<bool> Verify(const std::string& encoded, std::string_view password);

  /// Spends what Verify spends, for sign-ins naming no account with a
  /// password, so their answer takes as long as a wrong password's: false.
  [[nodiscard]] Result<bool> VerifyNothing(std::string_view password);

  [[nodiscard]] const Limits& limits() const { return limits_; }

  /// Whether `error` is this class's refusal for being busy, and when to
  /// try again then (a lockout lasts longer).
  [[nodiscard]] static bool IsBusy(const Error& error);
  static constexpr std::chrono::seconds kRetryAfter{1};

 private:
  // A turn to hash: taken by Acquire, given back when it ends.
  class Turn {
   public:
    explicit Turn(PasswordHasher* hasher) : hasher_(hasher) {}
    Turn(Turn&& other) noexcept : hasher_(std::exchange(other.hasher_, nullptr)) {}
    Turn& operator=(Turn&&) = delete;
    ~Turn();

   private:
    PasswordHasher* hasher_;
  };

  [[nodiscard]] Result<Turn> Acquire();

  const Limits limits_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int running_ = 0;
  int waiting_ = 0;
};

}  // namespace ombudsflow::service
