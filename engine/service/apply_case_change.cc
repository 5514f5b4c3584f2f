#include "engine/service/apply_case_change.h"

namespace ombudsflow::service {
namespace {

// Such changes keep the state, so no workflow rule reads the definition.
const v1::WorkflowDefinition& NoDefinition() {
  static const v1::WorkflowDefinition kNone;
  return kNone;
}

}  // namespace

Result<v1::Complaint> ApplyCaseChange(store::TransitionStore& cases, const RuleRegistry& rules,
                                      const HolidayCalendar& calendar, const Clock& clock,
                                      const std::string& complaint_id, const EvaluateChange& evaluate) {
  auto stored = cases.Load(complaint_id);
  if (!stored) return std::unexpected(stored.error());
  const Timestamp now = clock.Now();
  const EngineContext context{rules, calendar, now, clock.LocalDate(now)};
  auto outcome = evaluate(CaseView{stored->complaint, NoDefinition(), stored->last_event_hash}, context);
  if (!outcome) return std::unexpected(outcome.error());
  auto applied = cases.Apply(*outcome);
  if (!applied) return std::unexpected(applied.error());
  return std::move(applied->complaint);
}

}  // namespace ombudsflow::service
