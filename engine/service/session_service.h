#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/password_hasher.h"
#include "engine/service/revocable_cache.h"
#include "engine/store/session_store.h"
#include "engine/store/user_store.h"

namespace ombudsflow::service {

/// How long sessions live and how many wrong passwords are tolerated.
struct SessionSettings {
  std::chrono::seconds idle_timeout{std::chrono::minutes(30)};
  std::chrono::seconds absolute_timeout{std::chrono::hours(10)};
  // Sign-in attempts per window before further ones are refused, counted
  // before the password is checked (a right password clears its account's
  // count from that address): of one account from one address, and of one
  // address over all accounts.
  int account_failures = 5;
  int address_failures = 50;
  // Successful sign-ins of one account per window: each costs Argon2id.
  int account_sign_ins = 30;
  std::chrono::seconds failure_window{std::chrono::minutes(15)};
};

/// A session just begun. `id` goes into the HttpOnly cookie and nowhere
/// else; `csrf_token` is for the pages' forms and scripts.
struct StartedSession {
  std::string id;
  std::string csrf_token;
  Timestamp expires_at;
  store::UserRecord user;
};

/// Local sign-in with e-mail and password (Argon2id), and the sessions
/// that follow any sign-in. Attempts are counted per account and address,
/// per address, and successes per account, in PostgreSQL, so every server
/// enforces one limit.
class SessionService {
 public:
  /// `cache_ttl` above 0 remembers an authenticated session that long (see
  /// RevocableCache; SetListening and Forget come from the database's
  /// NOTIFY on the channel kSessionEndedChannel). Its idle time is then
  /// measured from the last time it was looked up, up to `cache_ttl` ago.
  /// Passwords are checked by `hasher`, a few at a time, after the
  /// account is read and before anything is written: no database
  /// connection is held while a sign-in waits for its turn.
  SessionService(store::SessionStore& sessions, store::UserStore& users, PasswordHasher& hasher, const Clock& clock,
                 SessionSettings settings = {}, std::chrono::seconds cache_ttl = std::chrono::seconds(0))
      : sessions_(sessions), users_(users), hasher_(hasher), clock_(clock), settings_(settings), cache_(cache_ttl) {}

  /// Where the database announces ended sessions (sql/0020): the hash of
  /// the session's id.
  static constexpr const char* kSessionEndedChannel = "ombudsflow_session_ended";
  /// A session ended: forget it (`id_hash`, as stored).
  void Forget(const std::string& id_hash) { cache_.Forget(id_hash); }
  /// Whether ended sessions are heard; while not, nothing is remembered.
  void SetListening(bool listening) { cache_.SetListening(listening); }

  /// Signs in the active user with `email` and `password` from `address`.
  /// kUnauthenticated, the same for an unknown e-mail, a user without a
  /// password and a wrong password, each taking about as long;
  /// kResourceExhausted once the account from this
  /// address, or the address, has tried too often in the window, or the
  /// account has signed in too often, or while the password hasher is busy
  /// (PasswordHasher::IsBusy).
  [[nodiscard]] Result<StartedSession> SignIn(const std::string& email, const std::string& password,
                                              const std::string& address);

  /// Begins a session for `user` (after a sign-in elsewhere, e.g. OIDC).
  [[nodiscard]] Result<StartedSession> Begin(const store::UserRecord& user);

  /// The actor behind session `id`, or kUnauthenticated.
  [[nodiscard]] Result<Actor> Authenticate(std::string_view id);

  /// Ends session `id` on every server.
  [[nodiscard]] Result<void> SignOut(std::string_view id);

  /// The CSRF token that belongs to session `id`: derived from the secret
  /// id, so only a page that was given it can send it back.
  [[nodiscard]] static std::string CsrfToken(std::string_view id);
  /// Whether `presented` is session `id`'s CSRF token (constant time).
  [[nodiscard]] static bool CsrfMatches(std::string_view id, std::string_view presented);

  /// Whether `id` has the shape of a session id (spares a lookup).
  [[nodiscard]] static bool LooksLikeSessionId(std::string_view id);

  [[nodiscard]] const SessionSettings& settings() const { return settings_; }

 private:
  store::SessionStore& sessions_;
  store::UserStore& users_;
  PasswordHasher& hasher_;
  const Clock& clock_;
  SessionSettings settings_;
  RevocableCache<Actor> cache_;
};

}  // namespace ombudsflow::service
