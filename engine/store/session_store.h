#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// Who a live session speaks for.
struct SessionGrant {
  Actor actor;
  Timestamp expires_at;  // the absolute timeout
};

/// Web sessions, kept by the SHA-256 of their id, and the sign-in attempts
/// that throttle guessing. Shared by every server through PostgreSQL.
class SessionStore {
 public:
  explicit SessionStore(Database& database) : database_(database) {}

  /// Records a session of `user_id` from `now` until `expires_at`.
  [[nodiscard]] Result<void> Create(const std::string& id_hash, const std::string& user_id, Timestamp now,
                                    Timestamp expires_at);

  /// The actor behind a session that has neither passed `expires_at` nor
  /// been idle for `idle` at `now`, whose user is active; or
  /// kUnauthenticated. Records the use, at most once a minute.
  [[nodiscard]] Result<SessionGrant> Authenticate(const std::string& id_hash, Timestamp now,
                                                  std::chrono::seconds idle);

  /// Ends the session (signing out). Ending one that is gone is no error.
  [[nodiscard]] Result<void> End(const std::string& id_hash);

  /// Deletes sessions past their absolute or idle timeout; returns how many.
  [[nodiscard]] Result<long long> Sweep(Timestamp now, std::chrono::seconds idle);

  /// Sign-in attempts in the current windows: of one account from one
  /// address, of the address, and the account's successful sign-ins.
  struct Attempts {
    int pair = 0;
    int address = 0;
    int successes = 0;
  };
  /// Counts one attempt against `pair_key` and `address_key` before any
  /// password is checked, starting a new window for a key whose window
  /// began before `window_start`, and returns the counts with this attempt
  /// in them and the successes of `success_key`. One statement: concurrent
  /// attempts each get their own count, so no more are checked than allowed.
  [[nodiscard]] Result<Attempts> CountAttempt(const std::string& pair_key, const std::string& address_key,
                                              const std::string& success_key, Timestamp now, Timestamp window_start);

  /// An attempt refused before any password was checked is no guess: the
  /// address's count (and the pair's, when given) is lowered by it again.
  [[nodiscard]] Result<void> Uncount(const std::string& address_key, const std::string& pair_key = {});

  /// After a right password: the pair's attempts are forgotten, the
  /// address's lowered by this one (a success is no guess), and the
  /// account's successes counted.
  [[nodiscard]] Result<void> RecordSuccess(const std::string& pair_key, const std::string& address_key,
                                           const std::string& success_key, Timestamp now, Timestamp window_start);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
