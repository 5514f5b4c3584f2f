#pragma once

#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/complaint_store.h"
#include "engine/store/press_store.h"
#include "engine/store/transition_store.h"

namespace ombudsflow::service {

/// A question from the press as the office records it.
struct PressQuestion {
  std::string medium;      // "Politiken", "DR P4 København"
  std::string journalist;
  std::string topic;       // what they asked about
  std::string case_number;  // the case it is about, if any
};

/// The press log (seed 004, "Pressen"): any of the office's staff records
/// who asked about what; the ombudsman answers, or in their absence the
/// chief consultant, as a deputy under the ombudsman's delegation. An
/// answer about a citizen's matter needs the citizen's confirmed press
/// consent on the case (seed 000), and the log names it.
class PressService {
 public:
  PressService(store::PressStore& store, store::TransitionStore& cases, store::ComplaintStore& complaints,
               const Clock& clock, IdGenerator& ids)
      : store_(store), cases_(cases), complaints_(complaints), clock_(clock), ids_(ids) {}

  [[nodiscard]] Result<std::vector<store::PressInquiry>> List(const Actor& actor);
  /// kInvalidArgument with a violation per field ("medium", "journalist",
  /// "topic", "case_number").
  [[nodiscard]] Result<store::PressInquiry> Record(const Actor& actor, const PressQuestion& question);
  /// kPermissionDenied (refused_by "press_authority") for anyone but
  /// the ombudsman or a delegated deputy; kFailedPrecondition (refused_by
  /// "press_consent", violation at "answer") for a case without the
  /// citizen's confirmed press consent; kInvalidArgument for an empty or
  /// too long answer.
  [[nodiscard]] Result<void> Answer(const Actor& actor, const std::string& id, const std::string& answer);

 private:
  store::PressStore& store_;
  store::TransitionStore& cases_;
  store::ComplaintStore& complaints_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace ombudsflow::service
