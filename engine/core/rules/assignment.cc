#include "engine/core/rules/assignment.h"

#include "engine/core/rules/case_change.h"

namespace ombudsflow {
namespace {

bool MayAssignOthers(const Actor& actor) { return actor.role == Role::kOmbudsman || actor.role == Role::kDeputy; }

}  // namespace

Result<TransitionOutcome> AssignCase(const CaseView& view, const EngineContext& context, const Actor& actor,
                                     const std::optional<Assignee>& assignee, std::uint32_t expected_version) {
  if (!IsOfficeStaff(actor) || actor.user_id.empty()) {
    return std::unexpected(PermissionDenied("only office staff, signed in as themselves, assign cases"));
  }
  const std::string& current = view.complaint.assignee_id();
  const std::string wanted = assignee ? assignee->user_id : std::string();
  if (assignee) {
    const bool staff = assignee->role == Role::kCaseworker || assignee->role == Role::kOmbudsman ||
                       assignee->role == Role::kDeputy;
    if (!staff || !assignee->active) {
      return std::unexpected(InvalidArgument("a case is assigned to an active caseworker, ombudsman or deputy",
                                             {{"assignee_id", "is not an active member of the office's staff"}}));
    }
  }
  if (!MayAssignOthers(actor)) {
    const bool takes_free_case = wanted == actor.user_id && current.empty();
    const bool releases_own = wanted.empty() && current == actor.user_id;
    if (!takes_free_case && !releases_own) {
      return std::unexpected(PermissionDenied(
          current.empty() || current == actor.user_id
              ? "a caseworker takes a case for themselves; the ombudsman or a deputy assigns it to others"
              : "the case is assigned to someone else: the ombudsman or a deputy reassigns it"));
    }
  }
  if (wanted == current) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     wanted.empty() ? "the case is not assigned to anyone" : "the case is assigned to them already"));
  }
  if (auto checked = CheckVersion(view.complaint, expected_version); !checked) {
    return std::unexpected(checked.error());
  }
  v1::Complaint after = view.complaint;
  after.set_assignee_id(wanted);
  after.set_assignee_name(assignee ? assignee->name : std::string());
  google::protobuf::Struct payload;
  // Who, by id: names are personal data the audit trail need not keep.
  (*payload.mutable_fields())["assignee"].set_string_value(wanted.empty() ? "" : "user:" + wanted);
  (*payload.mutable_fields())["previous"].set_string_value(current.empty() ? "" : "user:" + current);
  return Changed(view, context, actor, std::move(after), "assigned", payload);
}

}  // namespace ombudsflow
