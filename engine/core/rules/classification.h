#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/transition.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The facts a journalised case carries: its KLE subject ("27.24.00") and
/// its journal number, the subject with the complaint facet ("27.24.00-K01").
inline constexpr std::string_view kKleNumberFact = "kle_number";
inline constexpr std::string_view kJournalNumberFact = "journal_number";

/// The entry of `kle` numbered `number` among its subjects, or its main
/// groups; nullptr when it lists none.
[[nodiscard]] const v1::KleEntry* FindKleSubject(const v1::KleVocabulary& kle, std::string_view number);
[[nodiscard]] const v1::KleEntry* FindKleMainGroup(const v1::KleVocabulary& kle, std::string_view number);

/// The main group of a subject number: "27" of "27.24.00".
[[nodiscard]] std::string KleMainGroupOf(std::string_view subject);

/// The journal number of a case journalised under `subject`.
[[nodiscard]] std::string JournalNumber(const v1::KleVocabulary& kle, std::string_view subject);

/// Journalises the case under the KLE subject the request names, as a
/// change of the case with its own audit event ("classified", naming the
/// subject it had): the facts kle_number and journal_number; the annual
/// report counts it under the main group it enters (a subject in the same
/// main group counts nothing new). The state and its deadline stay. Refusals change nothing:
/// kPermissionDenied (not office staff), kInvalidArgument (a number the
/// office's KLE does not list; no version), kFailedPrecondition (the case
/// is journalised under it already), kAborted (stale version).
[[nodiscard]] Result<TransitionOutcome> ClassifyCase(const CaseView& view, const EngineContext& context,
                                                     const Actor& actor, const v1::KleVocabulary& kle,
                                                     const v1::ClassifyComplaintRequest& request);

}  // namespace ombudsflow
