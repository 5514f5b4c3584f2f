#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::api::web {

/// Steps leaving the case's state that one yes-or-no input tells apart,
/// asked as one question before anything else ("Har forvaltningen haft
/// mulighed for at svare?"): each answer leads to the steps its guards let
/// through. Read from the listing's deciding inputs, never from step names,
/// so another office's definition gets its own question.
struct StepQuestion {
  // The input, as the first step taking it declares it: its question,
  // label and help.
  v1::InputField input;
  // The steps each answer leads to, in the definition's order.
  std::vector<const v1::AvailableTransition*> yes;
  std::vector<const v1::AvailableTransition*> no;
};

/// The first input that leads to at least one allowed step for each answer;
/// nullopt when no input does. The steps point into `listing`.
[[nodiscard]] std::optional<StepQuestion> FindStepQuestion(const v1::ListTransitionsResponse& listing);

/// Whether the answer to `question` is all `step` takes: it has no other
/// input, not even an optional one, so choosing the answer's step can take
/// it at once.
[[nodiscard]] bool AnswerIsAllItNeeds(const StepQuestion& question, const v1::AvailableTransition& step);

}  // namespace ombudsflow::api::web
