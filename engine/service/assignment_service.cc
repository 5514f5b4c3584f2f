#include "engine/service/assignment_service.h"

#include <algorithm>

#include "engine/core/codec/request_limits.h"
#include "engine/core/rules/assignment.h"
#include "engine/service/apply_case_change.h"

namespace ombudsflow::service {
namespace {

bool IsUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

Result<v1::Complaint> AssignmentService::Assign(const Actor& actor, const std::string& id,
                                                const v1::AssignComplaintRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  std::optional<Assignee> assignee;
  if (!request.assignee_id().empty()) {
    const auto unknown = [] {
      return InvalidArgument("no such user", {{"assignee_id", "names no user of the office"}});
    };
    // By id only: an e-mail here would let a caller probe who has an account.
    if (!IsUuid(request.assignee_id())) return std::unexpected(unknown());
    auto user = users_.Find(request.assignee_id());
    if (!user) return std::unexpected(user.error().code == ErrorCode::kNotFound ? unknown() : user.error());
    assignee = Assignee{user->id, user->display_name, user->role, user->active};
  }
  return ApplyCaseChange(cases_, rules_, calendar_, clock_, id, [&](const CaseView& view, const EngineContext& context) {
    return AssignCase(view, context, actor, assignee, request.expected_version());
  });
}

Result<v1::Complaint> AssignmentService::ReturnForCorrection(const Actor& actor, const std::string& id,
                                                             const std::string& drafter_id, const std::string& comment,
                                                             std::uint32_t expected_version) {
  const auto unknown = [] {
    return InvalidArgument("no such user", {{"drafter_id", "names no user of the office"}});
  };
  if (!IsUuid(drafter_id)) return std::unexpected(unknown());
  auto user = users_.Find(drafter_id);
  if (!user) return std::unexpected(user.error().code == ErrorCode::kNotFound ? unknown() : user.error());
  const Assignee drafter{user->id, user->display_name, user->role, user->active};
  return ApplyCaseChange(cases_, rules_, calendar_, clock_, id, [&](const CaseView& view, const EngineContext& context) {
    return ombudsflow::ReturnForCorrection(view, context, actor, drafter, comment, expected_version);
  });
}

Result<std::vector<store::UserRecord>> AssignmentService::Assignable() {
  auto users = users_.List();
  if (!users) return std::unexpected(users.error());
  std::vector<store::UserRecord> staff;
  for (auto& user : *users) {
    const bool office = IsOfficeStaff(user.role);
    if (office && user.active) staff.push_back(std::move(user));
  }
  std::sort(staff.begin(), staff.end(), [](const auto& a, const auto& b) { return a.display_name < b.display_name; });
  return staff;
}

}  // namespace ombudsflow::service
