#include "engine/core/workflow/meanings.h"

namespace ombudsflow {

WorkflowMeanings::WorkflowMeanings(const std::vector<const v1::WorkflowDefinition*>& definitions) {
  for (const v1::WorkflowDefinition* definition : definitions) {
    for (const auto& transition : definition->transition()) {
      if (transition.meaning() != v1::STEP_MEANING_UNSPECIFIED) {
        steps_.emplace(definition->name(), transition.name(), transition.meaning());
      }
    }
    for (const auto& state : definition->state()) {
      if (state.meaning() != v1::STATE_MEANING_UNSPECIFIED) {
        states_.emplace(definition->name(), state.name(), state.meaning());
      }
    }
  }
}

bool WorkflowMeanings::StepIs(std::string_view workflow, std::string_view transition,
                              v1::StepMeaning meaning) const {
  return meaning != v1::STEP_MEANING_UNSPECIFIED &&
         steps_.contains(std::make_tuple(std::string(workflow), std::string(transition), static_cast<int>(meaning)));
}

bool WorkflowMeanings::StateIs(std::string_view workflow, std::string_view state, v1::StateMeaning meaning) const {
  return meaning != v1::STATE_MEANING_UNSPECIFIED &&
         states_.contains(std::make_tuple(std::string(workflow), std::string(state), static_cast<int>(meaning)));
}

const v1::Transition* StepWithMeaning(const v1::WorkflowDefinition& definition, v1::StepMeaning meaning) {
  if (meaning == v1::STEP_MEANING_UNSPECIFIED) return nullptr;
  for (const auto& transition : definition.transition()) {
    if (transition.meaning() == meaning) return &transition;
  }
  return nullptr;
}

}  // namespace ombudsflow
