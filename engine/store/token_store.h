#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// API tokens, kept as SHA-256 hashes only.
class TokenStore {
 public:
  explicit TokenStore(Database& database) : database_(database) {}

  /// Records a new token by its hash and returns its id. kInvalidArgument
  /// (field "department") for an unknown department.
  [[nodiscard]] Result<std::string> Create(const std::string& token_hash, Role role,
                                           const std::string& department,
                                           const std::string& name);

  /// The actor behind an unrevoked token, or kUnauthenticated.
  [[nodiscard]] Result<Actor> Authenticate(const std::string& token_hash);

  /// Revokes token `id`; every server hears of it (sql/0009). kNotFound when
  /// no unrevoked token has that id.
  [[nodiscard]] Result<void> Revoke(const std::string& id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
