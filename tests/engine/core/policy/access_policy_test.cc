#include "engine/core/policy/access_policy.h"

#include <gtest/gtest.h>

#include "engine/core/policy/api_token.h"

namespace ombudsflow {
namespace {

TEST(Authorize, LetsOnlyOfficeStaffNearComplaints) {
  struct Row {
    Role role;
    bool may_register;
    bool may_read;
    bool may_manage_tokens;
  };
  for (const Row& row : {Row{Role::kCaseworker, true, true, false},
                         Row{Role::kOmbudsman, true, true, false},
                         Row{Role::kDeputy, true, true, false},
                         Row{Role::kDepartment, false, false, false},
                         Row{Role::kAdministrator, false, false, true},
                         Row{Role::kSystem, false, false, false}}) {
    Actor actor{row.role, {}, "x", "t"};
    EXPECT_EQ(Authorize(actor, Permission::kRegisterComplaint).has_value(), row.may_register)
        << RoleName(row.role);
    EXPECT_EQ(Authorize(actor, Permission::kReadComplaints).has_value(), row.may_read)
        << RoleName(row.role);
    EXPECT_EQ(Authorize(actor, Permission::kManageTokens).has_value(), row.may_manage_tokens)
        << RoleName(row.role);
    EXPECT_EQ(Authorize(actor, Permission::kManageWebhooks).has_value(), row.may_manage_tokens)
        << RoleName(row.role);
  }
}

TEST(Authorize, SaysWhichRoleWasRefused) {
  auto refused = Authorize(Actor{Role::kDepartment, "BUF", "x", "t"}, Permission::kReadComplaints);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message.find("department"), std::string::npos);
}

TEST(Roles, RoundTripByName) {
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kDepartment,
                    Role::kAdministrator}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_FALSE(ParseRole("mayor").has_value());
  // The engine's own role has a name for the audit trail, but no token may carry it.
  EXPECT_EQ(RoleName(Role::kSystem), "system");
  EXPECT_FALSE(ParseRole("system").has_value());
  EXPECT_FALSE(ParseRole("Caseworker").has_value());
}

TEST(ApiToken, HasAFixedShapeAndIsStoredOnlyAsAHash) {
  const std::string token = FormatToken(std::string(kTokenRandomBytes, '\x01'));
  EXPECT_TRUE(LooksLikeToken(token));
  EXPECT_FALSE(LooksLikeToken(token.substr(1)));
  EXPECT_FALSE(LooksLikeToken(token + "0"));
  EXPECT_FALSE(LooksLikeToken("ofk_" + std::string(64, 'G')));
  EXPECT_EQ(HashToken(token).size(), 64u);
  EXPECT_EQ(HashToken(token).find(token), std::string::npos);
  EXPECT_NE(HashToken(token), HashToken(FormatToken(std::string(kTokenRandomBytes, '\x02'))));
}

TEST(ValidateTokenSpec, BoundsTheNameToOneLineOfText) {
  EXPECT_TRUE(ValidateTokenSpec(Role::kCaseworker, "", std::string(200, 'a')).has_value());
  for (const std::string& name : {std::string(201, 'a'), std::string("two\nlines"), std::string("\xff\xfe")}) {
    auto refused = ValidateTokenSpec(Role::kCaseworker, "", name);
    ASSERT_FALSE(refused.has_value()) << name;
    ASSERT_EQ(refused.error().field_violations.size(), 1u);
    EXPECT_EQ(refused.error().field_violations[0].field, "name");
  }
}

TEST(ValidateTokenSpec, TiesDepartmentsToDepartmentTokensOnly) {
  EXPECT_TRUE(ValidateTokenSpec(Role::kDepartment, "BUF", "BUF inbox").has_value());
  EXPECT_TRUE(ValidateTokenSpec(Role::kCaseworker, "", "Anne").has_value());
  EXPECT_FALSE(ValidateTokenSpec(Role::kDepartment, "", "BUF inbox").has_value());
  EXPECT_FALSE(ValidateTokenSpec(Role::kCaseworker, "BUF", "Anne").has_value());
  EXPECT_FALSE(ValidateTokenSpec(Role::kOmbudsman, "", "").has_value());
}

}  // namespace
}  // namespace ombudsflow
