#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/core/policy/role.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_lookup.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// What taking a step will do, and who may take it, as its form tells the
/// person before it is taken: read from the definition, so a page names
/// no step and no action.
struct StepOutline {
  // The roles the definition lets take it (role names), for a refusal
  // that says who may.
  std::vector<std::string> roles;
  // The letters it sends, in the order it queues them.
  std::vector<QueuedLetter> letters;
  // It writes to the citizen, or records a meeting or call with them: the
  // citizen's needs (an interpreter, easy-read, large print) apply to it.
  bool contacts_citizen = false;
  // Taking it keeps the person, in their role, from a later step the
  // definition bars its recorder from (four eyes: whoever revises a text
  // cannot approve it).
  bool bars_own_approval = false;
  // The case's facts its notice to the department carries, by name.
  std::vector<std::string> notice_facts;
  // Its text inputs a step after it scans for personal data: the texts
  // to check as they are written.
  std::set<std::string> texts_checked_ahead;
};

/// `transition` of `definition` outlined for someone in `role`.
[[nodiscard]] StepOutline OutlineStep(const v1::WorkflowDefinition& definition, const EngineContext& context,
                                      const v1::Transition& transition, Role role);

}  // namespace ombudsflow
