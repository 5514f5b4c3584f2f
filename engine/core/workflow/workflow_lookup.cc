#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow {

const v1::State* FindState(const v1::WorkflowDefinition& workflow, std::string_view name) {
  for (const auto& state : workflow.state()) {
    if (state.name() == name) return &state;
  }
  return nullptr;
}

const v1::Transition* FindTransition(const v1::WorkflowDefinition& workflow, std::string_view name) {
  for (const auto& transition : workflow.transition()) {
    if (transition.name() == name) return &transition;
  }
  return nullptr;
}

std::optional<Date> DueDate(const v1::State& state, const HolidayCalendar& calendar, Date today) {
  if (!state.has_deadline()) return std::nullopt;
  const v1::Deadline& deadline = state.deadline();
  return deadline.working_days() > 0 ? calendar.AddWorkingDays(today, deadline.working_days())
                                     : today + std::chrono::days{deadline.calendar_days()};
}

}  // namespace ombudsflow
