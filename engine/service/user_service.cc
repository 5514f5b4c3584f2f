#include "engine/service/user_service.h"

#include <algorithm>

#include "engine/core/base/email_address.h"
#include "engine/core/policy/api_token.h"
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
  if (!IsMailboxAddress(email)) {
    return {{field, "must be an e-mail address (name@domain, at most 254 characters)", email.empty() ? "required" : "not_an_email"}};
  }
  return {};
}

Result<store::PasswordLinkRow> UserService::NewLinkRow(std::string& secret) const {
  secret = NewLinkSecret();
  return store::PasswordLinkRow{HashToken(secret), clock_.Now() + kPasswordLinkLifetime};
}

Result<PasswordLink> UserService::Create(const UserSpec& spec, const std::string& by) {
  std::vector<FieldViolation> violations;
  if (spec.display_name.empty() || spec.display_name.size() > 200 || HasControlOrSpace(spec.display_name, true)) {
    violations.push_back({"display_name", "must be 1 to 200 characters, without control characters",
                          spec.display_name.empty() ? "required" : "invalid_text"});
  }
  for (auto& violation : CheckEmail("email", spec.email)) violations.push_back(std::move(violation));
  auto role = ParseRole(spec.role);
  if (!role) {
    violations.push_back({"role", "must be caseworker, ombudsman, deputy, department or administrator", "invalid_enum"});
  } else if (*role == Role::kDepartment && spec.department.empty()) {
    violations.push_back({"department", "is required for a department user", "required"});
  } else if (*role != Role::kDepartment && !spec.department.empty()) {
    violations.push_back({"department", "is only for department users", "only_for_department_users"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the user is invalid", std::move(violations)));
  std::string secret;
  auto link = NewLinkRow(secret);
  if (!link) return std::unexpected(link.error());
  auto user = store_.Create({spec.display_name, spec.email, *role, spec.department}, clock_.Now(), by, *link);
  if (!user) return std::unexpected(user.error());
  return PasswordLink{std::move(*user), std::move(secret), link->expires_at};
}

Result<store::UserRecord> UserService::Deactivate(const std::string& key, const std::string& by) {
  auto user = store_.Find(key);
  if (!user) return std::unexpected(user.error());
  return store_.Deactivate(user->id, clock_.Now(), by);
}

Result<PasswordLink> UserService::NewPasswordLink(const std::string& key, const std::string& by) {
  auto user = store_.Find(key);
  if (!user) return std::unexpected(user.error());
  std::string secret;
  auto link = NewLinkRow(secret);
  if (!link) return std::unexpected(link.error());
  if (auto added = store_.AddPasswordLink(user->id, *link, clock_.Now(), by); !added) {
    return std::unexpected(added.error());
  }
  return PasswordLink{std::move(*user), std::move(secret), link->expires_at};
}

Result<store::UserRecord> UserService::PasswordLinkHolder(const std::string& secret) {
  if (!LooksLikeLinkSecret(secret)) return std::unexpected(NotFound("the link is unknown, used or expired"));
  return store_.PasswordLinkHolder(HashToken(secret), clock_.Now());
}

Result<store::UserRecord> UserService::SetPasswordWithLink(const std::string& secret, const std::string& password) {
  if (!LooksLikeLinkSecret(secret)) return std::unexpected(NotFound("the link is unknown, used or expired"));
  if (auto policy = CheckPasswordPolicy(password); !policy) return std::unexpected(policy.error());
  auto hash = hasher_.Hash(password);
  if (!hash) return std::unexpected(hash.error());
  return store_.SetPasswordByLink(HashToken(secret), *hash, clock_.Now());
}

Result<void> UserService::SetPassword(const std::string& key, const std::string& password, const std::string& by) {
  if (auto policy = CheckPasswordPolicy(password); !policy) return std::unexpected(policy.error());
  auto user = store_.Find(key);
  if (!user) return std::unexpected(user.error());
  auto hash = hasher_.Hash(password);
  if (!hash) return std::unexpected(hash.error());
  return store_.SetPasswordHash(user->id, *hash, by);
}

}  // namespace ombudsflow::service
