#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// Who a valid token speaks for, and until when.
struct TokenGrant {
  Actor actor;
  Timestamp expires_at;
};

/// A token as `token list` shows it: everything but the token, which is
/// never stored.
struct TokenRecord {
  std::string id;
  Role role = Role::kCaseworker;
  std::string department;
  std::string name;     // the system's name, or a label of the user's token
  std::string user_id;  // the owner; empty for a system's token
  std::string issued_by;  // the actor who issued it ("user:<id>", "operator:<login>")
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> revoked_at;
};

/// API tokens, kept as SHA-256 hashes only.
class TokenStore {
 public:
  explicit TokenStore(Database& database) : database_(database) {}

  /// Records a new token of the system `name` by its hash and returns its
  /// id, with an admin_events row naming `issued_by`, in one statement.
  /// kInvalidArgument (field "department") for an unknown department.
  [[nodiscard]] Result<std::string> CreateForSystem(const std::string& token_hash, Role role,
                                                    const std::string& department, const std::string& name,
                                                    Timestamp expires_at, const std::string& issued_by);

  /// Records a new token of user `user_id`, with the role and department
  /// they hold now, and its admin_events row, in one statement; returns the
  /// new token's record. kFailedPrecondition when no active user has that id.
  [[nodiscard]] Result<TokenRecord> CreateForUser(const std::string& token_hash, const std::string& user_id,
                                                  const std::string& label, Timestamp expires_at,
                                                  const std::string& issued_by);

  /// The actor behind a token neither revoked nor expired at `now`, whose
  /// owner (if a user) is active; or kUnauthenticated.
  [[nodiscard]] Result<TokenGrant> Authenticate(const std::string& token_hash, Timestamp now);

  /// Every token, newest first; with `user_id`, only that user's.
  [[nodiscard]] Result<std::vector<TokenRecord>> List(const std::string& user_id = {});

  /// Revokes token `id` (with `owner`, only if it is that user's) and
  /// records that `revoked_by` did; every server hears of it (sql/0009).
  /// kNotFound when no such unrevoked token exists.
  [[nodiscard]] Result<void> Revoke(const std::string& id, const std::string& revoked_by,
                                    const std::string& owner = {});

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
