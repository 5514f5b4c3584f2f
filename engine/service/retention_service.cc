#include "engine/service/retention_service.h"

#include <algorithm>

#include "engine/core/workflow/pseudonymisation.h"

namespace ombudsflow::service {

Result<int> RetentionService::Run(int limit) {
  std::vector<std::string> terminal;
  for (const auto* workflow : workflows_.All()) {
    for (const auto& state : workflow->state()) {
      if (state.terminal() && std::find(terminal.begin(), terminal.end(), state.name()) == terminal.end()) {
        terminal.push_back(state.name());
      }
    }
  }
  const Timestamp now = clock_.Now();
  auto due = retention_.Due(terminal, now - retention_period_, limit);
  if (!due) return std::unexpected(due.error());
  int done = 0;
  for (const std::string& id : *due) {
    auto stored = cases_.Load(id);
    if (!stored) return std::unexpected(stored.error());
    const v1::WorkflowDefinition* workflow =
        workflows_.Find(stored->complaint.workflow(), stored->complaint.workflow_version());
    if (workflow == nullptr) continue;  // a version not loaded: left for a server that has it
    const EngineContext context{rules_, calendar_, now, clock_.LocalDate(now)};
    auto outcome = Pseudonymise(CaseView{stored->complaint, *workflow, stored->last_event_hash}, context);
    if (!outcome) continue;  // a state terminal elsewhere, not in this case's workflow
    if (auto applied = cases_.Apply(*outcome); !applied) return std::unexpected(applied.error());
    if (auto scrubbed = retention_.Scrub(id, now); !scrubbed) return std::unexpected(scrubbed.error());
    ++done;
  }
  return done;
}

}  // namespace ombudsflow::service
