#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/calendar.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The state or transition of that name in `workflow`, or nullptr.
[[nodiscard]] const v1::State* FindState(const v1::WorkflowDefinition& workflow,
                                         std::string_view name);
[[nodiscard]] const v1::Transition* FindTransition(const v1::WorkflowDefinition& workflow,
                                                   std::string_view name);

/// `months` calendar months after `from`: the same day of the month, or
/// the month's last day when it is shorter.
[[nodiscard]] Date AddCalendarMonths(Date from, unsigned months);

/// The local date `state`'s deadline falls on when entered on `today`, or
/// nullopt when the state has no deadline.
[[nodiscard]] std::optional<Date> DueDate(const v1::State& state, const HolidayCalendar& calendar,
                                          Date today);

/// Whether taking `transition` would keep `role` from a later step that
/// the definition says the recorder of the same fact may not take (four
/// eyes: whoever revises a text cannot approve it): a `record_actor`
/// action's fact that a `not_recorded_actor` guard of a step `role` may
/// take bars.
[[nodiscard]] bool BarsOwnApproval(const v1::WorkflowDefinition& definition, const v1::Transition& transition,
                                   std::string_view role);

/// A letter a transition sends: its template (its purpose) and to whom.
struct QueuedLetter {
  std::string template_name;
  std::string recipient;  // "citizen" or "department"
};

/// The letters `transition` sends, in the order its actions queue them.
[[nodiscard]] std::vector<QueuedLetter> LettersQueuedBy(const v1::Transition& transition);

}  // namespace ombudsflow
