#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// Argon2id (libsodium, its "interactive" cost: 2 passes over 64 MiB), a
/// few at a time. Each hash or verification takes 64 MiB and most of a core
/// for about a tenth of a second; unbounded, a stream of sign-ins took every
/// core and a gigabyte (issue #25).
///
/// The work runs on `concurrency` threads of the hasher's own, at the
/// lowest CPU priority (nice 19), so a request that needs no password is
/// never kept waiting behind one that does. Up to `queue` more wait, each
/// at most `max_wait` before it starts; any further one, or one that waited
/// its time, is kResourceExhausted (IsBusy), so a busy server answers 429
/// instead of slowing everyone down. A caller that must do other work first
/// (a sign-in looks up and counts) takes its place with Enter before it
/// does, so a refusal for being busy costs nothing but this check.
/// Every password hashed or verified goes through one of these.
class PasswordHasher {
 public:
  struct Limits {
    int concurrency = 1;
    int queue = 8;
    std::chrono::milliseconds max_wait{2000};
  };

  /// A place among those running or waiting; given back when the work it
  /// was spent on ends, or when it is dropped unspent.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : hasher_(std::exchange(other.hasher_, nullptr)) {}
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    friend class PasswordHasher;
    explicit Ticket(PasswordHasher* hasher) : hasher_(hasher) {}
    PasswordHasher* hasher_;
  };

  PasswordHasher();  // with the default Limits
  explicit PasswordHasher(Limits limits);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  /// A place in line, or IsBusy when every place is taken.
  [[nodiscard]] Result<Ticket> Enter();

  /// `password` hashed, in the encoded form that carries salt and cost.
  [[nodiscard]] Result<std::string> Hash(std::string_view password);

  /// Whether `password` matches `encoded` (from Hash). False for any
  /// malformed hash.
  [[nodiscard]] Result<bool> Verify(const std::string& encoded, std::string_view password);
  [[nodiscard]] Result<bool> Verify(Ticket ticket, const std::string& encoded, std::string_view password);

  /// Spends what Verify spends, for sign-ins naming no account with a
  /// password, so their answer takes as long as a wrong password's: false.
  [[nodiscard]] Result<bool> VerifyNothing(std::string_view password);
  [[nodiscard]] Result<bool> VerifyNothing(Ticket ticket, std::string_view password);

  [[nodiscard]] const Limits& limits() const { return limits_; }

  /// Whether `error` is this class's refusal for being busy, and when to
  /// try again then (a lockout lasts longer).
  [[nodiscard]] static bool IsBusy(const Error& error);
  static constexpr std::chrono::seconds kRetryAfter{1};

 private:
  struct Job;

  // Runs `work` on a hashing thread once its turn comes; busy if it did
  // not start within max_wait.
  template <typename T>
  Result<T> Run(Ticket ticket, std::function<T()> work);
  void Serve(const std::stop_token& stop);
  void GiveBack();

  const Limits limits_;
  std::mutex mutex_;
  std::condition_variable_any queued_;
  std::deque<std::shared_ptr<Job>> jobs_;
  int places_taken_ = 0;
  int idle_threads_ = 0;
  std::vector<std::jthread> threads_;  // last: they stop before the rest goes
};

}  // namespace ombudsflow::service
