#include "engine/core/workflow/workflow_lookup.h"

#include <algorithm>

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
  switch (deadline.period_case()) {
    case v1::Deadline::kWorkingDays: return calendar.AddWorkingDays(today, deadline.working_days());
    case v1::Deadline::kCalendarMonths: return AddCalendarMonths(today, deadline.calendar_months());
    default: return today + std::chrono::days{deadline.calendar_days()};
  }
}

Date AddCalendarMonths(Date from, unsigned months) {
  const std::chrono::year_month_day day{from};
  const std::chrono::year_month later = std::chrono::year_month{day.year(), day.month()} + std::chrono::months{months};
  const std::chrono::day last = std::chrono::year_month_day_last{later.year(), std::chrono::month_day_last{later.month()}}.day();
  return std::chrono::sys_days{later / std::min(day.day(), last)};
}

bool BarsOwnApproval(const v1::WorkflowDefinition& definition, const v1::Transition& transition,
                     std::string_view role) {
  for (const auto& action : transition.action()) {
    if (action.name() != "record_actor") continue;
    const auto fact = action.arg().find("fact");
    if (fact == action.arg().end()) continue;
    for (const auto& later : definition.transition()) {
      const bool may_take = std::find(later.roles().begin(), later.roles().end(), role) != later.roles().end();
      if (!may_take) continue;
      for (const auto& guard : later.guard()) {
        const auto barred = guard.arg().find("fact");
        if (guard.name() == "not_recorded_actor" && barred != guard.arg().end() && barred->second == fact->second) {
          return true;
        }
      }
    }
  }
  return false;
}

std::vector<QueuedLetter> LettersQueuedBy(const v1::Transition& transition) {
  std::vector<QueuedLetter> letters;
  for (const auto& action : transition.action()) {
    if (action.name() != "queue_letter") continue;
    const auto template_name = action.arg().find("template");
    const auto recipient = action.arg().find("recipient");
    letters.push_back({template_name == action.arg().end() ? std::string() : template_name->second,
                       recipient == action.arg().end() ? std::string("citizen") : recipient->second});
  }
  return letters;
}

}  // namespace ombudsflow
