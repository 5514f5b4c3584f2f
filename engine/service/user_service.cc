#include "engine/service/user_service.h"

#include <algorithm>

#include "engine/core/base/email_address.h"
#include "engine/service/passwords.h"

namespace ombudsflow::service {
namespace {

bool HasControlOrSpace(std::string_view text, bool allow_space) {
  return std::any_of(text.begin(), text.end(), [&](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || (!allow_space && byte == ' ');
  });
}

}  // namespace

std::vector<FieldViolation> CheckEmail(const std::string& field, const std::string& email) {
  if (!IsMailboxAddress(email)) return {{field, "must be an e-mail address (name@domain, at most 254 characters)"}};
  return {};
}

Result<store::UserRecord> UserService::Create(const UserSpec& spec) {
  std::vector<FieldViolation> violations;
  if (spec.display_name.empty() || spec.display_name.size() > 200 || HasControlOrSpace(spec.display_name, true)) {
    violations.push_back({"display_name", "must be 1 to 200 characters, without control characters"});
  }
  for (auto& violation : CheckEmail("email", spec.email)) violations.push_back(std::move(violation));
  auto role = ParseRole(spec.role);
  if (!role) {
    violations.push_back({"role", "must be caseworker, ombudsman, deputy, department or administrator"});
  } else if (*role == Role::kDepartment && spec.department.empty()) {
    violations.push_back({"department", "is required for a department user"});
  } else if (*role != Role::kDepartment && !spec.department.empty()) {
    violations.push_back({"department", "is only for department users"});
  }
  if (!spec.password.empty()) {
    if (auto policy = CheckPasswordPolicy(spec.password); !policy) {
      for (auto& violation : policy.error().field_violations) violations.push_back(std::move(violation));
    }
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the user is invalid", std::move(violations)));
  store::NewUser user{spec.display_name, spec.email, *role, spec.department, {}};
  if (!spec.password.empty()) {
    auto hash = hasher_.Hash(spec.password);
    if (!hash) return std::unexpected(hash.error());
    user.password_hash = std::move(*hash);
  }
  return store_.Create(user, clock_.Now());
}

Result<store::UserRecord> UserService::Deactivate(const std::string& key) {
  auto user = store_.Find(key);
  if (!user) return std::unexpected(user.error());
  return store_.Deactivate(user->id, clock_.Now());
}

Result<void> UserService::SetPassword(const std::string& key, const std::string& password) {
  if (auto policy = CheckPasswordPolicy(password); !policy) return std::unexpected(policy.error());
  auto user = store_.Find(key);
  if (!user) return std::unexpected(user.error());
  auto hash = hasher_.Hash(password);
  if (!hash) return std::unexpected(hash.error());
  return store_.SetPasswordHash(user->id, *hash);
}

}  // namespace ombudsflow::service
