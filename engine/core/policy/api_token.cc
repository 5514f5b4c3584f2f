#include "engine/core/policy/api_token.h"

#include <algorithm>
#include <vector>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"

namespace ombudsflow {

std::string FormatToken(std::string_view random_bytes) {
  return std::string(kTokenPrefix) + HexEncode(random_bytes);
}

bool LooksLikeToken(std::string_view token) {
  if (!token.starts_with(kTokenPrefix)) return false;
  std::string_view digits = token.substr(kTokenPrefix.size());
  return digits.size() == kTokenRandomBytes * 2 &&
         std::all_of(digits.begin(), digits.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string HashToken(std::string_view token) { return Sha256Hex(token); }

}  // namespace ombudsflow

namespace ombudsflow {

std::expected<void, Error> ValidateTokenSpec(Role role, const std::string& department,
                                             const std::string& name) {
  std::vector<FieldViolation> violations;
  if (role == Role::kDepartment && department.empty()) {
    violations.push_back({"department", "is required for a department token"});
  }
  if (role != Role::kDepartment && !department.empty()) {
    violations.push_back({"department", "is only for department tokens"});
  }
  if (name.empty()) {
    violations.push_back({"name", "is required: say whose token it is"});
  } else if (name.size() > kMaxTokenNameBytes || !IsOneLineOfText(name)) {
    violations.push_back({"name", "must be at most 200 characters of text, on one line"});
  }
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the token is invalid", std::move(violations)));
  }
  return {};
}

bool SystemMayHold(Role role) { return role == Role::kDepartment; }

}  // namespace ombudsflow
