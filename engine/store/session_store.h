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

/// Web sessions, kept by the SHA-256 of their id, and the failed sign-ins
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

  /// Failed sign-ins of an account and of an address in the windows that
  /// began at `window_start` or later.
  struct Failures {
    int account = 0;
    int address = 0;
  };
  [[nodiscard]] Result<Failures> RecentFailures(const std::string& account_key, const std::string& address_key,
                                                Timestamp window_start);

  /// Counts a failed sign-in against both keys, starting a new window for a
  /// key whose window began before `window_start`.
  [[nodiscard]] Result<void> RecordFailure(const std::string& account_key, const std::string& address_key,
                                           Timestamp now, Timestamp window_start);

  /// Forgets the failures of `key` (after a successful sign-in).
  [[nodiscard]] Result<void> ClearFailures(const std::string& key);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
