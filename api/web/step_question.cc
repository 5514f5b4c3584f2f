#include "api/web/step_question.h"

#include <algorithm>

namespace ombudsflow::api::web {

std::optional<StepQuestion> FindStepQuestion(const v1::ListTransitionsResponse& listing) {
  // Inputs in the order the steps first name them, so the question is stable.
  std::vector<std::string> candidates;
  for (const v1::AvailableTransition& step : listing.transitions()) {
    if (!step.allowed()) continue;
    for (const v1::DecidingInput& deciding : step.deciding_inputs()) {
      if (deciding.passes_with().kind_case() != google::protobuf::Value::kBoolValue) continue;
      if (std::find(candidates.begin(), candidates.end(), deciding.name()) == candidates.end()) {
        candidates.push_back(deciding.name());
      }
    }
  }
  for (const std::string& name : candidates) {
    StepQuestion question;
    for (const v1::AvailableTransition& step : listing.transitions()) {
      if (!step.allowed()) continue;
      for (const v1::DecidingInput& deciding : step.deciding_inputs()) {
        if (deciding.name() != name || deciding.passes_with().kind_case() != google::protobuf::Value::kBoolValue) {
          continue;
        }
        (deciding.passes_with().bool_value() ? question.yes : question.no).push_back(&step);
        if (question.input.name().empty()) {
          for (const v1::InputField& field : step.input_fields()) {
            if (field.name() == name) question.input = field;
          }
        }
      }
    }
    if (!question.yes.empty() && !question.no.empty() && !question.input.name().empty()) return question;
  }
  return std::nullopt;
}

bool AnswerIsAllItNeeds(const StepQuestion& question, const v1::AvailableTransition& step) {
  return std::all_of(step.input_fields().begin(), step.input_fields().end(),
                     [&](const v1::InputField& field) { return field.name() == question.input.name(); });
}

}  // namespace ombudsflow::api::web
