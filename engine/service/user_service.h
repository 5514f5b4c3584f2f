#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/password_hasher.h"
#include "engine/store/user_store.h"

namespace ombudsflow::service {

/// What an administrator gives to create an account.
struct UserSpec {
  std::string display_name;
  std::string email;
  std::string role;        // caseworker, ombudsman, deputy, department or administrator
  std::string department;  // for department users only
};

/// How long a set-password link stays usable.
inline constexpr std::chrono::hours kPasswordLinkLifetime{72};

/// A one-time link's secret, shown once to whoever passes it on; only its
/// hash is stored. The link is `/set-password?token=<secret>`.
struct PasswordLink {
  store::UserRecord user;
  std::string secret;
  Timestamp expires_at;
};

/// People: accounts an administrator creates, lists and deactivates, and
/// how a person sets their own password. Nobody creates an account by
/// signing in, and nobody chooses another person's password: a new account
/// comes with a one-time link (kPasswordLinkLifetime, single use) for its
/// person. Each action names the actor who did it (`by`, Actor::Id() or
/// "operator:<login>") and is recorded in admin_events with it.
class UserService {
 public:
  /// Passwords are hashed by `hasher` (the server's, shared with sign-in).
  UserService(store::UserStore& store, const Clock& clock, PasswordHasher& hasher)
      : store_(store), clock_(clock), hasher_(hasher) {}
  /// With a hasher of its own (a command-line run, a test).
  UserService(store::UserStore& store, const Clock& clock)
      : store_(store), clock_(clock), own_hasher_(std::make_unique<PasswordHasher>()), hasher_(*own_hasher_) {}

  /// The new account (no password) and its set-password link.
  /// kInvalidArgument naming each bad field: a display name of 1 to 200
  /// characters, an e-mail address, a known role, a department for (and
  /// only for) department users. kAlreadyExists for an e-mail already in use.
  [[nodiscard]] Result<PasswordLink> Create(const UserSpec& spec, const std::string& by);

  [[nodiscard]] Result<std::vector<store::UserRecord>> List() { return store_.List(); }

  /// The user by id or e-mail.
  [[nodiscard]] Result<store::UserRecord> Find(const std::string& key) { return store_.Find(key); }

  /// Ends the account of the user with id or e-mail `key`: no sign-in, every
  /// token revoked on every server, every session ended.
  [[nodiscard]] Result<store::UserRecord> Deactivate(const std::string& key, const std::string& by);

  /// A new set-password link for the active user with id or e-mail `key`
  /// (the operator's shell: `user invite`, when the first one expired).
  [[nodiscard]] Result<PasswordLink> NewPasswordLink(const std::string& key, const std::string& by);

  /// The person a set-password link is for, while it is unused and valid;
  /// kNotFound otherwise (the same for a link that never existed).
  [[nodiscard]] Result<store::UserRecord> PasswordLinkHolder(const std::string& secret);

  /// Sets the password of the link's person and uses the link up. The
  /// password is checked first (kInvalidArgument, field "password"), so a
  /// refused one leaves the link usable; kNotFound for a link unknown,
  /// used or expired.
  [[nodiscard]] Result<store::UserRecord> SetPasswordWithLink(const std::string& secret,
                                                              const std::string& password);

  /// Break-glass, for the operator's shell only (`user set-password`):
  /// sets the local password of the active user with id or e-mail `key`.
  /// No page or API route calls it.
  [[nodiscard]] Result<void> SetPassword(const std::string& key, const std::string& password, const std::string& by);

 private:
  Result<store::PasswordLinkRow> NewLinkRow(std::string& secret) const;

  store::UserStore& store_;
  const Clock& clock_;
  std::unique_ptr<PasswordHasher> own_hasher_;
  PasswordHasher& hasher_;
};

/// Field violations of an e-mail address: 3 to 254 characters, one '@'
/// with something either side, no spaces or control characters.
[[nodiscard]] std::vector<FieldViolation> CheckEmail(const std::string& field, const std::string& email);

}  // namespace ombudsflow::service
