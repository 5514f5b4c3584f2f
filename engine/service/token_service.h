#pragma once

#include <string>

#include "engine/error.h"
#include "engine/role.h"
#include "engine/store/token_store.h"

namespace ombudsflow::service {

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; only its hash is stored
};

/// Issues API tokens and authenticates bearers of them.
class TokenService {
 public:
  explicit TokenService(store::TokenStore& store) : store_(store) {}

  /// A new token from OpenSSL's CSPRNG. Fails with kInvalidArgument for an
  /// inconsistent role and department or a missing name.
  [[nodiscard]] Result<IssuedToken> Issue(Role role, const std::string& department,
                                          const std::string& name);

  /// The actor behind `token`, or kUnauthenticated.
  [[nodiscard]] Result<Actor> Authenticate(std::string_view token);

 private:
  store::TokenStore& store_;
};

}  // namespace ombudsflow::service
