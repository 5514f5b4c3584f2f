#include "engine/core/workflow/workflow_migration.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/time_util.h>

#include "engine/core/base/text.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow {
Result<StateMap> ParseStateMap(std::string_view text) {
  StateMap map;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string pair = Trimmed(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size()) {
      return std::unexpected(InvalidArgument("'" + pair + "' is not old_state=new_state",
                                             {{"map", "must be old=new pairs, comma-separated"}}));
    }
    const std::string old_state = Trimmed(pair.substr(0, equals));
    if (!map.emplace(old_state, Trimmed(pair.substr(equals + 1))).second) {
      return std::unexpected(InvalidArgument("state '" + old_state + "' is mapped twice"));
    }
  }
  return map;
}

Result<StateMap> PlanWorkflowMigration(const v1::WorkflowDefinition& from,
                                       const v1::WorkflowDefinition& to,
                                       const StateMap& explicit_map) {
  std::vector<std::string> problems;
  if (from.name() != to.name()) problems.push_back("the two definitions are different workflows");
  if (from.version() == to.version()) problems.push_back("the versions are the same");
  for (const auto& [old_state, new_state] : explicit_map) {
    if (FindState(from, old_state) == nullptr) {
      problems.push_back("'" + old_state + "' is not a state of version " + std::to_string(from.version()));
    }
    if (FindState(to, new_state) == nullptr) {
      problems.push_back("'" + new_state + "' is not a state of version " + std::to_string(to.version()));
    }
  }
  StateMap plan;
  for (const auto& state : from.state()) {
    if (state.terminal()) continue;  // finished cases stay where they ended
    auto mapped = explicit_map.find(state.name());
    const std::string target = mapped != explicit_map.end() ? mapped->second : state.name();
    if (FindState(to, target) == nullptr) {
      problems.push_back("state '" + state.name() + "' of version " + std::to_string(from.version()) +
                         " has no counterpart in version " + std::to_string(to.version()) +
                         ": map it with " + state.name() + "=<state>");
      continue;
    }
    plan.emplace(state.name(), target);
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) message += (message.empty() ? "" : "\n") + problem;
    return std::unexpected(InvalidArgument(message));
  }
  return plan;
}

Result<TransitionOutcome> MigrateCase(const CaseView& view, const v1::WorkflowDefinition& to,
                                      const StateMap& plan, const EngineContext& context,
                                      const Actor& actor) {
  const v1::Complaint& before = view.complaint;
  auto target = plan.find(before.state());
  if (target == plan.end()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "case " + before.case_number() + " is in state '" + before.state() +
                                         "', which the migration does not move"));
  }
  TransitionOutcome outcome;
  outcome.after = before;
  outcome.after.set_workflow_version(to.version());
  outcome.after.set_state(target->second);
  outcome.after.set_version(before.version() + 1);
  *outcome.after.mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  outcome.after.clear_deadline_time();
  if (const v1::State* state = FindState(to, target->second)) {
    outcome.due_date = DueDate(*state, context.calendar, context.today);
    if (outcome.due_date) outcome.timeout_transition = state->deadline().on_timeout();
  }
  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["workflow"].set_string_value(to.name());
  fields["fromVersion"].set_number_value(before.workflow_version());
  fields["toVersion"].set_number_value(to.version());
  fields["fromState"].set_string_value(before.state());
  fields["toState"].set_string_value(target->second);
  const std::string json = ombudsflow::ToJson(payload, false);
  outcome.event = Sealed(AuditEvent{
      .complaint_id = before.id(),
      .seq = before.version() + 1,
      .occurred_at = context.now,
      .actor_role = std::string(RoleName(actor.role)),
      .actor = actor.Id(),
      .kind = "workflow_migrated",
      .payload_json = json,
      .prev_hash = view.last_event_hash,
      .hash = {},
  });
  return outcome;
}

}  // namespace ombudsflow
