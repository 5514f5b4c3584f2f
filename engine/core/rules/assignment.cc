#include "engine/core/rules/assignment.h"

#include "engine/core/base/text.h"
#include "engine/core/rules/case_change.h"

namespace ombudsflow {

AssignmentChoices AssignmentChoicesFor(const Actor& actor, const v1::Complaint& complaint) {
  if (!IsOfficeStaff(actor.role) || actor.user_id.empty()) return {};
  const std::string& current = complaint.assignee_id();
  AssignmentChoices choices;
  choices.may_assign = IsOmbudsmanOrDeputy(actor.role);
  choices.may_take = current.empty() && !choices.may_assign;
  choices.may_release = !current.empty() && current == actor.user_id;
  return choices;
}

Result<TransitionOutcome> AssignCase(const CaseView& view, const EngineContext& context, const Actor& actor,
                                     const std::optional<Assignee>& assignee, std::uint32_t expected_version) {
  if (!IsOfficeStaff(actor.role) || actor.user_id.empty()) {
    return std::unexpected(PermissionDenied("only office staff, signed in as themselves, assign cases"));
  }
  const std::string& current = view.complaint.assignee_id();
  const std::string wanted = assignee ? assignee->user_id : std::string();
  if (assignee) {
    if (!IsOfficeStaff(assignee->role) || !assignee->active) {
      return std::unexpected(InvalidArgument("a case is assigned to an active caseworker, ombudsman or deputy",
                                             {{"assignee_id", "is not an active member of the office's staff"}}));
    }
  }
  if (const AssignmentChoices may = AssignmentChoicesFor(actor, view.complaint); !may.may_assign) {
    const bool takes_free_case = wanted == actor.user_id && may.may_take;
    const bool releases_own = wanted.empty() && may.may_release;
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

Result<TransitionOutcome> ReturnForCorrection(const CaseView& view, const EngineContext& context, const Actor& actor,
                                              const Assignee& drafter, const std::string& comment,
                                              std::uint32_t expected_version) {
  if (!IsOmbudsmanOrDeputy(actor.role) || actor.user_id.empty()) {
    return std::unexpected(PermissionDenied("the ombudsman or a deputy sends a draft back for correction"));
  }
  std::vector<FieldViolation> violations;
  if (comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    violations.push_back({"comment", "is required: say what is to be corrected", "required"});
  } else if (Utf8Length(comment) > 2000) {
    violations.push_back({"comment", "must be at most 2000 characters", "too_long"});
  }
  if (!IsOfficeStaff(drafter.role) || !drafter.active || drafter.user_id.empty()) {
    violations.push_back({"drafter_id", "is not an active member of the office's staff"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the draft cannot be sent back", std::move(violations)));
  if (auto checked = CheckVersion(view.complaint, expected_version); !checked) {
    return std::unexpected(checked.error());
  }
  v1::Complaint after = view.complaint;
  after.set_assignee_id(drafter.user_id);
  after.set_assignee_name(drafter.name);
  google::protobuf::Struct payload;
  (*payload.mutable_fields())["assignee"].set_string_value("user:" + drafter.user_id);
  (*payload.mutable_fields())["previous"].set_string_value(
      view.complaint.assignee_id().empty() ? "" : "user:" + view.complaint.assignee_id());
  (*payload.mutable_fields())["reason"].set_string_value(comment);
  return Changed(view, context, actor, std::move(after), "returned_for_correction", payload);
}

}  // namespace ombudsflow
