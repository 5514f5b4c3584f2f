#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A person who may sign in, as `user list` shows them: never a password.
struct UserRecord {
  std::string id;
  std::string display_name;
  std::string email;
  Role role = Role::kCaseworker;
  std::string department;  // for Role::kDepartment only
  bool active = true;
  bool has_password = false;
  std::string oidc_subject;  // empty until their first OIDC sign-in
  std::string created_by;    // the actor who created the account
  Timestamp created_at;
  std::optional<Timestamp> deactivated_at;

  /// The actor this person is when they act (without a token).
  [[nodiscard]] Actor AsActor() const { return Actor{role, department, display_name, {}, id}; }
};

struct NewUser {
  std::string display_name;
  std::string email;
  Role role = Role::kCaseworker;
  std::string department;
};

/// A one-time link to set a password, as stored: its secret's hash.
struct PasswordLinkRow {
  std::string token_hash;
  Timestamp expires_at;
};

/// An active user with a local password, for sign-in.
struct PasswordCredential {
  UserRecord user;
  std::string password_hash;
};

/// The `users` table: people, their roles and how they sign in.
class UserStore {
 public:
  explicit UserStore(Database& database) : database_(database) {}

  /// Creates the account (no password) with its one-time set-password
  /// link and the admin_events row naming `created_by`, in one statement.
  /// kAlreadyExists when the e-mail is taken (in any letter case);
  /// kInvalidArgument (field "department") for an unknown department.
  [[nodiscard]] Result<UserRecord> Create(const NewUser& user, Timestamp now, const std::string& created_by,
                                          const PasswordLinkRow& link);

  /// Every user, by display name.
  [[nodiscard]] Result<std::vector<UserRecord>> List();

  /// The user with id `key`, or else with e-mail `key` (any letter case);
  /// kNotFound otherwise.
  [[nodiscard]] Result<UserRecord> Find(const std::string& key);

  /// Deactivates the user: they can no longer sign in, their tokens are
  /// revoked (every server hears of it, sql/0009) and their sessions end;
  /// recorded as done by `by`. kNotFound for no active user `id`.
  [[nodiscard]] Result<UserRecord> Deactivate(const std::string& id, Timestamp now, const std::string& by);

  /// Sets the active user's local password at the operator's shell
  /// (break-glass), recorded as done by `by`. kNotFound for no active user.
  [[nodiscard]] Result<void> SetPasswordHash(const std::string& id, const std::string& password_hash,
                                             const std::string& by);

  /// Records a new one-time link for active user `id`, issued by `by`.
  /// kNotFound for no active user `id`.
  [[nodiscard]] Result<void> AddPasswordLink(const std::string& id, const PasswordLinkRow& link, Timestamp now,
                                             const std::string& by);

  /// The active user whose unused link `token_hash` is valid at `now`;
  /// kNotFound for a link unknown, used or expired.
  [[nodiscard]] Result<UserRecord> PasswordLinkHolder(const std::string& token_hash, Timestamp now);

  /// Uses the link `token_hash` (once, before it expires) to set its user's
  /// password, recorded as done by the user; returns the user. kNotFound for
  /// a link unknown, used or expired, or whose user is deactivated.
  [[nodiscard]] Result<UserRecord> SetPasswordByLink(const std::string& token_hash, const std::string& password_hash,
                                                     Timestamp now);

  /// The active user the identity provider's `subject` belongs to: the one
  /// it was recorded on, or else (the first sign-in) the active user with a
  /// verified `email` and no subject yet, on whom it is recorded now.
  /// nullopt for anyone else: accounts are never made by signing in.
  [[nodiscard]] Result<std::optional<UserRecord>> MatchOidc(const std::string& subject, const std::string& email,
                                                            bool email_verified);

  /// The active user with e-mail `email` and a local password, if any.
  [[nodiscard]] Result<std::optional<PasswordCredential>> PasswordFor(const std::string& email);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
