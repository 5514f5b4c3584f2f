#pragma once

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
  std::string password;    // empty: no local sign-in (OIDC only, or set later)
};

/// People: accounts an administrator creates, lists and deactivates, and
/// their local passwords. Nobody creates an account by signing in.
class UserService {
 public:
  /// Passwords are hashed by `hasher` (the server's, shared with sign-in).
  UserService(store::UserStore& store, const Clock& clock, PasswordHasher& hasher)
      : store_(store), clock_(clock), hasher_(hasher) {}
  /// With a hasher of its own (a command-line run, a test).
  UserService(store::UserStore& store, const Clock& clock)
      : store_(store), clock_(clock), own_hasher_(std::make_unique<PasswordHasher>()), hasher_(*own_hasher_) {}

  /// kInvalidArgument naming each bad field: a display name of 1 to 200
  /// characters, an e-mail address, a known role, a department for (and
  /// only for) department users, a password within CheckPasswordPolicy.
  /// kAlreadyExists for an e-mail already in use.
  [[nodiscard]] Result<store::UserRecord> Create(const UserSpec& spec);

  [[nodiscard]] Result<std::vector<store::UserRecord>> List() { return store_.List(); }

  /// The user by id or e-mail.
  [[nodiscard]] Result<store::UserRecord> Find(const std::string& key) { return store_.Find(key); }

  /// Ends the account of the user with id or e-mail `key`: no sign-in, every
  /// token revoked on every server, every session ended.
  [[nodiscard]] Result<store::UserRecord> Deactivate(const std::string& key);

  /// Sets the local password of the active user with id or e-mail `key`.
  [[nodiscard]] Result<void> SetPassword(const std::string& key, const std::string& password);

 private:
  store::UserStore& store_;
  const Clock& clock_;
  std::unique_ptr<PasswordHasher> own_hasher_;
  PasswordHasher& hasher_;
};

/// Field violations of an e-mail address: 3 to 254 characters, one '@'
/// with something either side, no spaces or control characters.
[[nodiscard]] std::vector<FieldViolation> CheckEmail(const std::string& field, const std::string& email);

}  // namespace ombudsflow::service
