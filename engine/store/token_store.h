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
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> revoked_at;
};

/// API tokens, kept as SHA-256 hashes only.
class TokenStore {
 public:
  explicit TokenStore(Database& database) : database_(database) {}

  /// Records a new token by its hash and returns its id: user `user_id`'s,
  /// or with none, the system `name`'s. kInvalidArgument (field
  /// "department") for an unknown department.
  [[nodiscard]] Result<std::string> Create(const std::string& token_hash, Role role,
                                           const std::string& department, const std::string& name,
                                           Timestamp expires_at, const std::string& user_id = {});

  /// The actor behind a token neither revoked nor expired at `now`, whose
  /// owner (if a user) is active; or kUnauthenticated.
  [[nodiscard]] Result<TokenGrant> Authenticate(const std::string& token_hash, Timestamp now);

  /// Every token, newest first.
  [[nodiscard]] Result<std::vector<TokenRecord>> List();

  /// Revokes token `id`; every server hears of it (sql/0009). kNotFound when
  /// no unrevoked token has that id.
  [[nodiscard]] Result<void> Revoke(const std::string& id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
