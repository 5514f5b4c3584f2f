#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/transition.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// The person a case is to be assigned to, as the users table has them.
struct Assignee {
  std::string user_id;
  std::string name;
  Role role = Role::kCaseworker;
  bool active = true;
};

/// What `actor` may do about who has `complaint`: the one rule AssignCase
/// applies, read before anything is asked, so a page offers no more and no
/// less. Office staff signed in as themselves take a case nobody has and
/// release their own; the ombudsman or a deputy assigns to anyone, and
/// takes a case by assigning it to themselves.
struct AssignmentChoices {
  bool may_take = false;     // take it for themselves: nobody has it
  bool may_release = false;  // give it back: it is theirs
  bool may_assign = false;   // assign it to anyone on the staff, and reassign it
};
[[nodiscard]] AssignmentChoices AssignmentChoicesFor(const Actor& actor, const v1::Complaint& complaint);

/// Assigns the case to `assignee` (none: releases it), as a change of the
/// case with its own audit event ("assigned", naming who had it and who
/// has it now); the state and its deadline stay. Office staff take a case
/// nobody has, or release their own; the ombudsman or a deputy assigns to
/// anyone active on the staff, and reassigns. Refusals change nothing:
/// kPermissionDenied (who may not), kInvalidArgument (an assignee who is
/// not active office staff; no version), kFailedPrecondition (already
/// theirs), kAborted (stale version).
[[nodiscard]] Result<TransitionOutcome> AssignCase(const CaseView& view, const EngineContext& context,
                                                   const Actor& actor, const std::optional<Assignee>& assignee,
                                                   std::uint32_t expected_version);

/// The ombudsman (or a deputy) sends a draft back to `drafter` with what is
/// to be corrected (`comment`, 1 to 2,000 characters): the case is theirs
/// again (whoever had it), with its own audit event
/// ("returned_for_correction", the comment as its reason); the state stays.
/// Approving needs another's eyes, so correcting is the drafter's.
/// Refusals change nothing: kPermissionDenied (not the ombudsman or a
/// deputy), kInvalidArgument (no comment, too long, or a drafter who is not
/// active staff), kAborted (stale version).
[[nodiscard]] Result<TransitionOutcome> ReturnForCorrection(const CaseView& view, const EngineContext& context,
                                                            const Actor& actor, const Assignee& drafter,
                                                            const std::string& comment,
                                                            std::uint32_t expected_version);

}  // namespace ombudsflow
