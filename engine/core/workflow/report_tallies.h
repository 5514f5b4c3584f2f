#pragma once

#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

struct CaseView;
struct EngineContext;

/// One count an event adds to the reports: `count` times `measure`, for
/// `key` (a state, a transition, an outcome, a choice) and `value` (working
/// days, or 0). Events carry their tallies in their payload, and the store
/// keeps their sums per office day, workflow and department in the same
/// statement, so every report figure comes from the events.
///
/// Nothing personal is ever a key: names of states, transitions and the
/// choices of enumerated inputs, counts and working days.
///
/// The measures:
///   received        key: channel                 a case registered
///   transition      key: its name                 a transition fired
///   stage           key: the state left, value: working days spent in it
///   case            key: the terminal state reached, value: working days
///                   since registration
///   deadline_passed key: the state whose deadline passed (a timer fired)
///   chain_exit      key: "<state>:<transition>", value: working days since
///                   the chain of deadline states began (hearing, its
///                   reminder, its escalation): how a deadline was met
///   points          key: "registered" or "selected"
///   outcome         key: no_criticism, criticism, serious_criticism
///   recommendation  key: "" (points assessed with a recommendation)
///   referral        key: the referral body's kind
///   <input name>    key: the value of a yes/no or enumerated input (for a
///                   list, each value): newsletter=true, compliance=partly,
///                   themes=partshoering, decline_reason=...
struct Tally {
  std::string measure;
  std::string key;
  std::int32_t value = 0;
  std::int32_t count = 1;

  friend bool operator==(const Tally&, const Tally&) = default;
};

/// For test failures: {measure, key, value, count}.
void PrintTo(const Tally& tally, std::ostream* out);

/// What the registration of a case in `channel` adds.
[[nodiscard]] std::vector<Tally> RegistrationTallies(v1::Channel channel);

/// What `transition` adds, fired on the case in `view` with `input`, the
/// case becoming `after`. Working days count in the office's calendar from
/// the case's state_enter_time and create_time to today; without the
/// context's clock no durations are added.
[[nodiscard]] std::vector<Tally> TransitionTallies(const CaseView& view, const EngineContext& context,
                                                   const v1::Transition& transition,
                                                   const google::protobuf::Struct& input,
                                                   const v1::Complaint& after);

/// The tallies as an event's payload carries them: [[measure, key, value,
/// count], ...].
[[nodiscard]] google::protobuf::Value TalliesValue(const std::vector<Tally>& tallies);

}  // namespace ombudsflow
