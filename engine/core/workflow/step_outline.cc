#include "engine/core/workflow/step_outline.h"

#include <sstream>

namespace ombudsflow {

StepOutline OutlineStep(const v1::WorkflowDefinition& definition, const EngineContext& context,
                        const v1::Transition& transition, Role role) {
  StepOutline outline;
  outline.roles.assign(transition.roles().begin(), transition.roles().end());
  outline.letters = LettersQueuedBy(transition);
  outline.contacts_citizen = transition.meaning() == v1::STEP_MEET_CITIZEN;
  for (const QueuedLetter& letter : outline.letters) {
    outline.contacts_citizen = outline.contacts_citizen || letter.recipient == "citizen";
  }
  outline.bars_own_approval = BarsOwnApproval(definition, transition, RoleName(role));
  for (const auto& action : transition.action()) {
    const auto included = action.arg().find("include_facts");
    if (included == action.arg().end()) continue;
    std::stringstream names(included->second);
    // Split as the notify_department action splits it (standard_rules.cc).
    for (std::string name; std::getline(names, name, ',');) {
      if (!name.empty()) outline.notice_facts.push_back(name);
    }
  }
  outline.texts_checked_ahead = InputsCheckedAhead(definition, context, transition);
  return outline;
}

}  // namespace ombudsflow
