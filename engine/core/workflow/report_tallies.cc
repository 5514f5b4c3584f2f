#include "engine/core/workflow/report_tallies.h"

#include <google/protobuf/util/time_util.h>

#include <map>
#include <set>

#include "engine/core/base/text.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow {
namespace {

using google::protobuf::Struct;
using google::protobuf::util::TimeUtil;
using google::protobuf::Value;
using Outcome = v1::ComplaintPoint::Assessment::Outcome;

// A state in a chain of deadlines: it has a deadline, or only timers bring
// a case to it (the hearing's reminder and escalation). A state people
// also reach (the assessment, which the comments' deadline leads back to)
// is where a chain ends.
bool InDeadlineChain(const v1::WorkflowDefinition& workflow, const std::string& state_name) {
  const v1::State* state = FindState(workflow, state_name);
  if (state != nullptr && state->has_deadline()) return true;
  bool by_timer = false;
  for (const auto& transition : workflow.transition()) {
    if (transition.to() != state_name) continue;
    if (!transition.timer()) return false;
    by_timer = true;
  }
  return by_timer;
}

// The working days a case had spent in the chain before it entered
// `state_name`: the deadlines of the states whose timers led there. A timer
// fires when its deadline passes, so each earlier state lasted its deadline.
unsigned DaysBeforeInChain(const v1::WorkflowDefinition& workflow, std::string state_name) {
  unsigned days = 0;
  for (int step = 0; step < workflow.state_size(); ++step) {
    const v1::State* earlier = nullptr;
    for (const auto& candidate : workflow.state()) {
      if (!candidate.has_deadline()) continue;
      const v1::Transition* timeout = FindTransition(workflow, candidate.deadline().on_timeout());
      if (timeout != nullptr && timeout->to() == state_name) earlier = &candidate;
    }
    if (earlier == nullptr) break;
    days += earlier->deadline().working_days();
    state_name = earlier->name();
  }
  return days;
}

std::string OutcomeKey(Outcome outcome) {
  return AsciiLowercase(v1::ComplaintPoint::Assessment::Outcome_Name(outcome));
}

void AddPointTallies(const v1::Complaint& before, const v1::Complaint& after, std::vector<Tally>& tallies) {
  std::map<std::uint32_t, const v1::ComplaintPoint*> earlier;
  for (const auto& point : before.points()) earlier[point.number()] = &point;
  int registered = 0, selected = 0, recommended = 0;
  std::map<Outcome, int> outcomes;
  for (const auto& point : after.points()) {
    const auto found = earlier.find(point.number());
    const v1::ComplaintPoint* was = found == earlier.end() ? nullptr : found->second;
    if (was == nullptr) ++registered;
    if (point.selection() == v1::ComplaintPoint::SELECTED &&
        (was == nullptr || was->selection() != v1::ComplaintPoint::SELECTED)) {
      ++selected;
    }
    const auto outcome = point.assessment().outcome();
    const bool newly_assessed = outcome != v1::ComplaintPoint::Assessment::OUTCOME_UNSPECIFIED &&
                                (was == nullptr || was->assessment().outcome() != outcome);
    if (newly_assessed) {
      ++outcomes[outcome];
      if (!point.assessment().recommendation().empty()) ++recommended;
    }
  }
  if (registered > 0) tallies.push_back({"points", "registered", 0, registered});
  if (selected > 0) tallies.push_back({"points", "selected", 0, selected});
  for (const auto& [outcome, count] : outcomes) tallies.push_back({"outcome", OutcomeKey(outcome), 0, count});
  if (recommended > 0) tallies.push_back({"recommendation", "", 0, recommended});
}

// Yes/no and enumerated inputs are counted by value; texts never are.
void AddChoiceTallies(const v1::Transition& transition, const Struct& input, std::vector<Tally>& tallies) {
  for (const auto& field : transition.input_field()) {
    const auto given = input.fields().find(field.name());
    if (given == input.fields().end()) continue;
    const Value& value = given->second;
    switch (field.type()) {
      case v1::InputField::BOOL:
        if (value.kind_case() == Value::kBoolValue) {
          tallies.push_back({field.name(), value.bool_value() ? "true" : "false", 0, 1});
        }
        break;
      case v1::InputField::ENUM:
        if (value.kind_case() == Value::kStringValue) tallies.push_back({field.name(), value.string_value(), 0, 1});
        break;
      case v1::InputField::ENUM_LIST:
        if (value.kind_case() == Value::kListValue) {
          std::set<std::string> seen;
          for (const auto& item : value.list_value().values()) {
            if (item.kind_case() == Value::kStringValue && seen.insert(item.string_value()).second) {
              tallies.push_back({field.name(), item.string_value(), 0, 1});
            }
          }
        }
        break;
      default:
        break;
    }
  }
}

std::string FactString(const v1::Complaint& complaint, const std::string& name) {
  const auto found = complaint.facts().fields().find(name);
  if (found == complaint.facts().fields().end() || found->second.kind_case() != Value::kStringValue) return {};
  return found->second.string_value();
}

}  // namespace

std::vector<Tally> RegistrationTallies(v1::Channel channel) {
  return {{"received", v1::Channel_Name(channel), 0, 1}};
}

std::vector<Tally> TransitionTallies(const CaseView& view, const EngineContext& context,
                                     const v1::Transition& transition, const Struct& input,
                                     const v1::Complaint& after) {
  const v1::Complaint& before = view.complaint;
  const std::string& from = before.state();
  std::vector<Tally> tallies{{"transition", transition.name(), 0, 1}};
  const bool leaves = transition.to() != from;
  const auto days_since = [&](const google::protobuf::Timestamp& since) {
    const Date day = context.clock->LocalDate(FromUnixMicros(TimeUtil::TimestampToMicroseconds(since)));
    return static_cast<std::int32_t>(context.calendar.WorkingDaysBetween(day, context.today));
  };
  const bool timed = context.clock != nullptr;
  if (leaves && timed && before.has_state_enter_time()) {
    const std::int32_t in_state = days_since(before.state_enter_time());
    tallies.push_back({"stage", from, in_state, 1});
    if (!transition.timer() && InDeadlineChain(view.workflow, from) &&
        !InDeadlineChain(view.workflow, transition.to())) {
      tallies.push_back({"chain_exit", from + ":" + transition.name(),
                         in_state + static_cast<std::int32_t>(DaysBeforeInChain(view.workflow, from)), 1});
    }
  }
  if (transition.timer()) tallies.push_back({"deadline_passed", from, 0, 1});
  if (leaves && timed && before.has_create_time()) {
    if (const v1::State* to = FindState(view.workflow, transition.to()); to != nullptr && to->terminal()) {
      tallies.push_back({"case", transition.to(), days_since(before.create_time()), 1});
    }
  }
  AddPointTallies(before, after, tallies);
  if (const std::string kind = FactString(after, "referral_kind");
      !kind.empty() && kind != FactString(before, "referral_kind")) {
    tallies.push_back({"referral", kind, 0, 1});
  }
  AddChoiceTallies(transition, input, tallies);
  return tallies;
}

void PrintTo(const Tally& tally, std::ostream* out) {
  *out << "{" << tally.measure << ", " << tally.key << ", " << tally.value << ", " << tally.count << "}";
}

Value TalliesValue(const std::vector<Tally>& tallies) {
  Value list;
  auto& rows = *list.mutable_list_value();
  for (const auto& tally : tallies) {
    auto& row = *rows.add_values()->mutable_list_value();
    row.add_values()->set_string_value(tally.measure);
    row.add_values()->set_string_value(tally.key);
    row.add_values()->set_number_value(tally.value);
    row.add_values()->set_number_value(tally.count);
  }
  return list;
}

}  // namespace ombudsflow
