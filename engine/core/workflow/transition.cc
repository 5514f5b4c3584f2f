#include "engine/core/workflow/transition.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/core/base/text.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/workflow/input_schema.h"
#include "engine/core/workflow/report_tallies.h"
#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

bool Leaves(const v1::Transition& transition, const std::string& state) {
  return std::find(transition.from().begin(), transition.from().end(), state) != transition.from().end();
}

std::string JoinedList(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

// nullopt when `actor` may fire `transition` on this case; otherwise why not.
std::optional<std::string> RoleRefusal(const v1::Transition& transition, const Actor& actor,
                                       const v1::Complaint& complaint) {
  const std::string role(RoleName(actor.role));
  if (std::find(transition.roles().begin(), transition.roles().end(), role) == transition.roles().end()) {
    return "the role '" + role + "' may not fire '" + transition.name() + "' (" +
           JoinedList(transition.roles()) + " may)";
  }
  if (actor.role == Role::kDepartment && actor.department != complaint.department()) {
    return "the case does not concern this department";
  }
  return std::nullopt;
}

std::set<std::string> ActionConsumed(const v1::Transition& transition, const RuleRegistry& rules) {
  std::set<std::string> consumed;
  for (const auto& call : transition.action()) {
    if (const auto* action = rules.FindAction(call.name())) {
      consumed.insert(action->consumes.begin(), action->consumes.end());
    }
  }
  return consumed;
}

bool IsMissing(const Value& value) {
  return value.kind_case() == Value::kNullValue || value.kind_case() == Value::KIND_NOT_SET ||
         (value.kind_case() == Value::kStringValue && value.string_value().empty());
}

// Every required input present, every input of its declared type, nothing
// else: a 400 naming each input that is wrong, before any guard looks.
Result<void> CheckInput(const v1::Transition& transition, const Struct& input) {
  std::vector<FieldViolation> violations;
  for (const v1::InputField& field : transition.input_field()) {
    auto it = input.fields().find(field.name());
    if (it == input.fields().end() || IsMissing(it->second)) {
      if (field.required()) {
        violations.push_back({"input." + field.name(), "is required by '" + transition.name() + "'", "required"});
      }
      continue;
    }
    if (auto mismatch = TypeMismatch(field, it->second)) {
      violations.push_back({"input." + field.name(), std::move(*mismatch),
                            "invalid_" + AsciiLowercase(v1::InputField::Type_Name(field.type()))});
    }
  }
  for (const auto& [name, value] : input.fields()) {
    const bool known = std::any_of(transition.input_field().begin(), transition.input_field().end(),
                                   [&](const v1::InputField& field) { return field.name() == name; });
    if (!known) {
      std::string names;
      for (const auto& field : transition.input_field()) names += (names.empty() ? "" : ", ") + field.name();
      violations.push_back({"input." + name, "is not an input of '" + transition.name() + "' (" +
                                                 (names.empty() ? std::string("it takes none") : names) + ")",
                            "not_an_input"});
    }
  }
  if (violations.empty()) return {};
  return std::unexpected(InvalidArgument("the transition's input is incomplete or invalid",
                                         std::move(violations)));
}

struct GuardRefusal {
  std::string guard;
  std::string reason;
};

const CallArgs& NoArgs() {
  static const CallArgs kEmpty;
  return kEmpty;
}

// The facts a guard call reads, by name or through its arguments.
std::vector<std::string> GuardCallReads(const GuardSpec& guard, const v1::Call& call) {
  std::vector<std::string> reads = guard.reads;
  for (const auto& arg : guard.reads_from_args) {
    if (auto it = call.arg().find(arg); it != call.arg().end()) reads.push_back(it->second);
  }
  return reads;
}

template <class... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};

// Runs `check` with the state beyond the case that its type asks for. Absent
// state is a refusal: a guard that could not look never lets anything pass.
Refusal RunCheck(const GuardCheck& check, const RuleContext& context, const CaseView& view) {
  return std::visit(Overloaded{
                        [&](const ChecksCase& of_case) { return of_case(context); },
                        [&](const ChecksNotices& of_notices) -> Refusal {
                          if (!view.notices) return "the case's notices were not read, so this cannot be decided";
                          return of_notices(context, *view.notices);
                        },
                        [&](const ChecksOffice& of_office) -> Refusal {
                          if (!view.office) return "the office's state was not read, so this cannot be decided";
                          return of_office(context, *view.office);
                        },
                        [&](const ChecksCaseFile& of_file) -> Refusal {
                          if (!view.case_file) return "the case's file was not read, so this cannot be decided";
                          return of_file(context, *view.case_file);
                        },
                        [&](const ChecksItems& of_items) -> Refusal {
                          if (!view.items) return "the cases it writes about were not read, so this cannot be decided";
                          return of_items(context, *view.items);
                        },
                    },
                    check);
}

// The first guard of `transition` that refuses. Guards reading only facts in
// `deferred_facts` (when given) are skipped: the request will supply them.
std::optional<GuardRefusal> FirstRefusingGuard(const v1::Transition& transition,
                                               const RuleRegistry& rules, const RuleContext& base,
                                               const CaseView& view,
                                               const std::set<std::string>* deferred_facts) {
  for (const auto& call : transition.guard()) {
    const GuardSpec* guard = rules.FindGuard(call.name());
    if (guard == nullptr) return GuardRefusal{call.name(), "is not a known guard"};
    if (deferred_facts != nullptr) {
      const std::vector<std::string> reads = GuardCallReads(*guard, call);
      const bool supplied_by_input = !reads.empty() && std::all_of(reads.begin(), reads.end(), [&](const auto& fact) {
        return deferred_facts->contains(fact);
      });
      if (supplied_by_input) continue;
    }
    RuleContext context{base.before, base.after, base.input, base.actor, call.arg(), base.engine};
    if (auto refusal = RunCheck(guard->check, context, view)) return GuardRefusal{call.name(), *refusal};
  }
  return std::nullopt;
}

// The event's payload, and its free texts (reason, input) kept aside as
// details whose digest the payload carries: they may name the citizen, and
// pseudonymisation erases them without breaking the chain.
std::pair<std::string, std::optional<std::string>> EventPayload(const v1::Transition& transition,
                                                                const std::string& from,
                                                                const v1::TransitionRequest& request,
                                                                const std::vector<Tally>& tallies) {
  Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["transition"].set_string_value(transition.name());
  fields["from"].set_string_value(from);
  fields["to"].set_string_value(transition.to());
  fields["tallies"] = TalliesValue(tallies);
  Struct details;
  auto& texts = *details.mutable_fields();
  if (!request.reason().empty()) texts["reason"].set_string_value(request.reason());
  if (!request.input().fields().empty()) *texts["input"].mutable_struct_value() = request.input();
  std::optional<std::string> details_json;
  if (!texts.empty()) {
    details_json = ToJson(details, false);
    fields["detailsDigest"].set_string_value(DetailsDigest(*details_json));
  }
  return {ToJson(payload, false), std::move(details_json)};
}

// Applies a transition already found allowed for the actor: inputs, actions,
// guards, then the new state, version, deadline and audit event.
Result<TransitionOutcome> Apply(const CaseView& view, const EngineContext& context,
                                const v1::Transition& transition, const Actor& actor,
                                std::string_view actor_role, const v1::TransitionRequest& request) {
  const v1::Complaint& before = view.complaint;
  if (!Leaves(transition, before.state())) {
    Error error = MakeError(ErrorCode::kFailedPrecondition,
                            "'" + transition.name() + "' cannot be fired from state '" +
                                before.state() + "' (it leaves " + JoinedList(transition.from()) + ")");
    return std::unexpected(std::move(error));
  }
  if (auto valid = CheckInput(transition, request.input()); !valid) {
    return std::unexpected(valid.error());
  }

  TransitionOutcome outcome;
  outcome.after = before;
  const auto consumed = ActionConsumed(transition, context.rules);
  auto& facts = *outcome.after.mutable_facts()->mutable_fields();
  for (const auto& [field, value] : request.input().fields()) {
    if (!consumed.contains(field)) facts[field] = value;
  }
  for (const auto& call : transition.action()) {
    const ActionSpec* action = context.rules.FindAction(call.name());
    if (action == nullptr) return std::unexpected(Internal("unknown action " + call.name()));
    RuleContext rule{before, outcome.after, request.input(), actor, call.arg(),
                     context};
    if (auto applied = action->apply(rule, outcome.after, outcome.effects); !applied) {
      return std::unexpected(applied.error());
    }
  }
  RuleContext base{before, outcome.after, request.input(), actor, NoArgs(),
                   context};
  if (auto refusal = FirstRefusingGuard(transition, context.rules, base, view, nullptr)) {
    Error error = MakeError(ErrorCode::kFailedPrecondition,
                            "'" + transition.name() + "' is refused by guard '" + refusal->guard +
                                "': " + refusal->reason);
    error.refused_by = refusal->guard;
    return std::unexpected(std::move(error));
  }

  outcome.after.set_state(transition.to());
  outcome.after.set_version(before.version() + 1);
  *outcome.after.mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  if (transition.to() != before.state()) *outcome.after.mutable_state_enter_time() = outcome.after.update_time();
  outcome.after.clear_deadline_time();
  if (const v1::State* state = FindState(view.workflow, transition.to())) {
    outcome.due_date = DueDate(*state, context.calendar, context.today);
    // The day the deadline running before ends (the instant after it is
    // stored): for a state whose deadline runs on, or counts from it.
    std::optional<Date> running;
    if (context.clock != nullptr && before.has_deadline_time()) {
      running = context.clock->LocalDate(
          FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(before.deadline_time()) - 1));
    }
    if (running && state->has_deadline()) {
      if (state->deadline().keeps_running()) {
        outcome.due_date = *running;
      } else if (state->deadline().from_lapsed_deadline() && transition.timer()) {
        outcome.due_date = DueDate(*state, context.calendar, *running);
      }
    }
    if (outcome.due_date) outcome.timeout_transition = state->deadline().on_timeout();
  }
  outcome.transition = transition.name();
  outcome.tallies = TransitionTallies(view, context, transition, request.input(), outcome.after);
  auto [payload, details] = EventPayload(transition, before.state(), request, outcome.tallies);
  outcome.event = Sealed(AuditEvent{
      .complaint_id = before.id(),
      .seq = before.version() + 1,
      .occurred_at = context.now,
      .actor_role = std::string(actor_role),
      .actor = actor.Id(),
      .kind = "transition",
      .payload_json = std::move(payload),
      .details_json = std::move(details),
      .prev_hash = view.last_event_hash,
      .hash = {},
  });
  return outcome;
}

}  // namespace

namespace {

// The transition `request` names, if `actor` may fire it on the case at the
// version the request saw: EvaluateTransition's refusals but the input's.
Result<const v1::Transition*> RequestedTransition(const CaseView& view, const Actor& actor,
                                                  const v1::TransitionRequest& request) {
  const v1::Transition* transition = FindTransition(view.workflow, request.name());
  if (transition == nullptr) {
    return std::unexpected(NotFound("workflow '" + view.workflow.name() + "' version " +
                                    std::to_string(view.workflow.version()) +
                                    " has no transition '" + request.name() + "'"));
  }
  if (transition->timer()) {
    return std::unexpected(PermissionDenied("'" + transition->name() +
                                            "' is fired by the engine when a deadline passes"));
  }
  if (auto refusal = RoleRefusal(*transition, actor, view.complaint)) {
    return std::unexpected(PermissionDenied(*refusal));
  }
  if (request.expected_version() == 0) {
    return std::unexpected(InvalidArgument(
        "send the case version you saw, in If-Match or expected_version",
        {{"expected_version", "is required"}}));
  }
  if (request.expected_version() != view.complaint.version()) {
    return std::unexpected(MakeError(
        ErrorCode::kAborted, "the case has changed: it is at version " +
                                 std::to_string(view.complaint.version()) + ", you sent " +
                                 std::to_string(request.expected_version()) + "; re-read it"));
  }
  return transition;
}

}  // namespace

Result<TransitionOutcome> EvaluateTransition(const CaseView& view, const EngineContext& context,
                                             const Actor& actor,
                                             const v1::TransitionRequest& request) {
  auto transition = RequestedTransition(view, actor, request);
  if (!transition) return std::unexpected(transition.error());
  return Apply(view, context, **transition, actor, RoleName(actor.role), request);
}

Result<std::vector<v1::PersonalDataFinding>> ScanRequest(const CaseView& view, const EngineContext& context,
                                                         const Actor& actor, const v1::TransitionRequest& request) {
  auto transition = RequestedTransition(view, actor, request);
  if (!transition) return std::unexpected(transition.error());
  if (!Leaves(**transition, view.complaint.state())) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "'" + request.name() +
                                                                         "' cannot be fired from state '" +
                                                                         view.complaint.state() + "'"));
  }
  // The texts as they would stand where the step leads. A draft half
  // written is checked too: nothing is evaluated but the texts.
  v1::Complaint after = view.complaint;
  after.set_state((*transition)->to());
  std::set<std::string> written;
  for (const auto& field : (*transition)->input_field()) {
    const auto value = request.input().fields().find(field.name());
    if (value == request.input().fields().end() || field.type() != v1::InputField::TEXT) continue;
    (*after.mutable_facts()->mutable_fields())[field.name()] = value->second;
    written.insert(field.name());
  }
  return FindingsAhead(after, view.workflow, context, actor, written);
}

Result<TransitionOutcome> EvaluateTimeout(const CaseView& view, const EngineContext& context) {
  const v1::State* state = FindState(view.workflow, view.complaint.state());
  if (state == nullptr || !state->has_deadline()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "state '" + view.complaint.state() + "' has no deadline"));
  }
  const v1::Transition* transition = FindTransition(view.workflow, state->deadline().on_timeout());
  if (transition == nullptr) return std::unexpected(Internal("deadline fires an unknown transition"));
  // The engine acts as itself: a role no token has and no permission allows.
  const Actor engine{Role::kSystem, {}, std::string(kTimerActor), {}};
  v1::TransitionRequest request;
  request.set_name(transition->name());
  request.set_reason("the deadline of '" + state->name() + "' passed");
  return Apply(view, context, *transition, engine, "system", request);
}

TransitionOutcome ParkTimer(const v1::Complaint& complaint, const std::string& last_event_hash,
                            const EngineContext& context, const std::string& reason) {
  TransitionOutcome outcome;
  outcome.after = complaint;
  outcome.after.set_version(complaint.version() + 1);
  *outcome.after.mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  outcome.after.clear_deadline_time();  // no due_date: the deadline is cleared
  Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["state"].set_string_value(complaint.state());
  fields["reason"].set_string_value(reason);
  outcome.event = Sealed(AuditEvent{
      .complaint_id = complaint.id(),
      .seq = complaint.version() + 1,
      .occurred_at = context.now,
      .actor_role = "system",
      .actor = "system:" + std::string(kTimerActor),
      .kind = "timer_parked",
      .payload_json = ToJson(payload, false),
      .prev_hash = last_event_hash,
      .hash = {},
  });
  outcome.effects.push_back(OfficeAlert{.role = "caseworker", .about = "timer_parked", .reason = reason});
  return outcome;
}

namespace {

// The first action of `transition` that would refuse on `complaint` as it
// stands (ActionSpec::refuses); `guard` names the action.
std::optional<GuardRefusal> FirstRefusingAction(const v1::Transition& transition, const EngineContext& context,
                                                const v1::Complaint& complaint, const Actor& actor) {
  const Struct no_input;
  for (const auto& call : transition.action()) {
    const ActionSpec* action = context.rules.FindAction(call.name());
    if (action == nullptr || !action->refuses) continue;
    if (auto reason = action->refuses(RuleContext{complaint, complaint, no_input, actor, call.arg(), context})) {
      return GuardRefusal{call.name(), std::move(*reason)};
    }
  }
  return std::nullopt;
}

// The yes-or-no inputs of `transition` that one of its guards decides on
// alone, each with the answer that guard lets through: the guard is tried
// with each answer on the case as it stands. A guard that lets both or
// neither through decides nothing here.
void AddDecidingInputs(const v1::Transition& transition, const CaseView& view, const EngineContext& context,
                       const Actor& actor, v1::AvailableTransition& available) {
  for (const auto& call : transition.guard()) {
    const GuardSpec* guard = context.rules.FindGuard(call.name());
    // Only a guard that looks at nothing but its input: one that also
    // reads the case (the interpreter's reads the citizen's needs) would
    // tell through its answer what the case holds.
    if (guard == nullptr || !guard->decides_on_input_alone) continue;
    const std::vector<std::string> reads = GuardCallReads(*guard, call);
    if (reads.size() != 1) continue;
    const auto field = std::find_if(transition.input_field().begin(), transition.input_field().end(),
                                    [&](const v1::InputField& each) { return each.name() == reads.front(); });
    if (field == transition.input_field().end() || field->type() != v1::InputField::BOOL) continue;
    std::vector<bool> passing;
    for (const bool answer : {true, false}) {
      v1::Complaint after = view.complaint;
      Struct input;
      (*input.mutable_fields())[field->name()].set_bool_value(answer);
      (*after.mutable_facts()->mutable_fields())[field->name()].set_bool_value(answer);
      const RuleContext rule{view.complaint, after, input, actor, call.arg(), context};
      if (!RunCheck(guard->check, rule, view)) passing.push_back(answer);
    }
    if (passing.size() != 1) continue;
    const bool known = std::any_of(available.deciding_inputs().begin(), available.deciding_inputs().end(),
                                   [&](const v1::DecidingInput& each) { return each.name() == field->name(); });
    if (known) continue;
    auto* deciding = available.add_deciding_inputs();
    deciding->set_name(field->name());
    deciding->mutable_passes_with()->set_bool_value(passing.front());
  }
}

}  // namespace

v1::ListTransitionsResponse ListTransitions(const CaseView& view, const EngineContext& context,
                                            const Actor& actor) {
  v1::ListTransitionsResponse response;
  response.set_state(view.complaint.state());
  response.set_version(view.complaint.version());
  const Struct no_input;
  for (const auto& transition : view.workflow.transition()) {
    if (transition.timer() || !Leaves(transition, view.complaint.state())) continue;
    auto* available = response.add_transitions();
    available->set_name(transition.name());
    available->set_description(transition.description());
    available->set_to(transition.to());
    available->set_meaning(transition.meaning());
    *available->mutable_input() = transition.input();
    *available->mutable_input_fields() = transition.input_field();
    for (const auto& call : transition.guard()) {
      const GuardSpec* guard = context.rules.FindGuard(call.name());
      if (guard == nullptr || !guard->suggest) continue;
      RuleContext rule{view.complaint, view.complaint, no_input, actor, call.arg(),
                       context};
      if (auto suggestion = guard->suggest(rule)) {
        available->mutable_suggested_input()->MergeFrom(suggestion->input);
        available->set_suggestion(suggestion->why);
      }
    }
    if (auto refusal = RoleRefusal(transition, actor, view.complaint)) {
      available->set_refusal(*refusal);
      continue;
    }
    AddDecidingInputs(transition, view, context, actor, *available);
    for (const auto& call : transition.guard()) {
      const GuardSpec* guard = context.rules.FindGuard(call.name());
      if (guard == nullptr || !guard->explain) continue;
      guard->explain(RuleContext{view.complaint, view.complaint, no_input, actor, call.arg(),
                                 context},
                     *available);
    }
    for (const auto& call : transition.action()) {
      const ActionSpec* action = context.rules.FindAction(call.name());
      if (action == nullptr || !action->explain) continue;
      action->explain(RuleContext{view.complaint, view.complaint, no_input, actor, call.arg(),
                                  context},
                      *available);
    }
    std::set<std::string> supplied;
    for (const auto& field : transition.input_field()) supplied.insert(field.name());
    RuleContext base{view.complaint, view.complaint, no_input, actor, NoArgs(),
                     context};
    if (auto refusal = FirstRefusingGuard(transition, context.rules, base, view, &supplied)) {
      available->set_refusal(refusal->reason);
      available->set_refused_by(refusal->guard);
      continue;
    }
    if (auto refusal = FirstRefusingAction(transition, context, view.complaint, actor)) {
      available->set_refusal(refusal->reason);
      available->set_refused_by(refusal->guard);
      continue;
    }
    available->set_allowed(true);
  }
  return response;
}

std::vector<v1::PersonalDataFinding> FindingsAhead(const v1::Complaint& after, const v1::WorkflowDefinition& workflow,
                                                   const EngineContext& context, const Actor& actor,
                                                   const std::set<std::string>& fields) {
  const Struct no_input;
  v1::AvailableTransition explained;
  std::set<std::string> seen{after.state()};
  std::vector<std::string> states{after.state()};
  for (std::size_t next = 0; next < states.size(); ++next) {
    for (const auto& transition : workflow.transition()) {
      if (!Leaves(transition, states[next])) continue;
      if (seen.insert(transition.to()).second) states.push_back(transition.to());
      for (const auto& call : transition.guard()) {
        const GuardSpec* guard = context.rules.FindGuard(call.name());
        if (guard == nullptr || !guard->explain) continue;
        guard->explain(RuleContext{after, after, no_input, actor, call.arg(), context}, explained);
      }
      for (const auto& call : transition.action()) {
        const ActionSpec* action = context.rules.FindAction(call.name());
        if (action == nullptr || !action->explain) continue;
        action->explain(RuleContext{after, after, no_input, actor, call.arg(), context}, explained);
      }
    }
  }
  // One finding per place, in reading order.
  std::map<std::tuple<std::string, std::uint32_t, std::uint32_t>, v1::PersonalDataFinding> places;
  for (const v1::PersonalDataFinding& finding : explained.personal_data()) {
    if (!fields.contains(finding.field())) continue;
    auto [place, added] = places.try_emplace({finding.field(), finding.offset(), finding.length()}, finding);
    if (!added && finding.blocks()) place->second.set_blocks(true);
  }
  std::vector<v1::PersonalDataFinding> findings;
  findings.reserve(places.size());
  for (auto& [place, finding] : places) findings.push_back(std::move(finding));
  return findings;
}

std::set<std::string> InputsCheckedAhead(const v1::WorkflowDefinition& workflow, const EngineContext& context,
                                         const v1::Transition& transition) {
  v1::Complaint probe;
  probe.set_state(transition.to());
  std::set<std::string> texts;
  for (const v1::InputField& field : transition.input_field()) {
    if (field.type() != v1::InputField::TEXT) continue;
    (*probe.mutable_facts()->mutable_fields())[field.name()].set_string_value("010190-1234");
    texts.insert(field.name());
  }
  if (texts.empty()) return texts;
  const Actor anyone;  // explaining reads the texts, not who asks
  std::set<std::string> checked;
  for (const auto& finding : FindingsAhead(probe, workflow, context, anyone, texts)) checked.insert(finding.field());
  return checked;
}

ReadsBeyondCase GuardReads(const v1::WorkflowDefinition& workflow, const RuleRegistry& rules,
                           const std::string& state, const std::string& transition) {
  ReadsBeyondCase reads;
  for (const auto& candidate : workflow.transition()) {
    const bool relevant = transition.empty() ? Leaves(candidate, state) : candidate.name() == transition;
    if (!relevant) continue;
    for (const auto& call : candidate.guard()) {
      const GuardSpec* guard = rules.FindGuard(call.name());
      if (guard == nullptr) continue;
      reads.office = reads.office || std::holds_alternative<ChecksOffice>(guard->check);
      reads.notices = reads.notices || std::holds_alternative<ChecksNotices>(guard->check);
      reads.case_file = reads.case_file || std::holds_alternative<ChecksCaseFile>(guard->check);
      reads.items = reads.items || std::holds_alternative<ChecksItems>(guard->check);
    }
  }
  return reads;
}

}  // namespace ombudsflow
