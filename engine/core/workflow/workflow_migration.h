#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/workflow/transition.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// Old state name -> new state name.
using StateMap = std::map<std::string, std::string, std::less<>>;

/// Parses "old=new,old2=new2" (empty text: no explicit mappings).
[[nodiscard]] Result<StateMap> ParseStateMap(std::string_view text);

/// Where each running (non-terminal) state of `from` goes in `to`: the
/// explicit mapping, else the state of the same name. kInvalidArgument lists
/// every state without a counterpart and every mapping naming an unknown state.
[[nodiscard]] Result<StateMap> PlanWorkflowMigration(const v1::WorkflowDefinition& from,
                                                     const v1::WorkflowDefinition& to,
                                                     const StateMap& explicit_map);

/// Moves one running case onto `to` by `plan`, recorded as a
/// "workflow_migrated" audit event. Facts and complaint points stay; the new
/// state's deadline, if any, starts today.
[[nodiscard]] Result<TransitionOutcome> MigrateCase(const CaseView& view,
                                                   const v1::WorkflowDefinition& to,
                                                   const StateMap& plan,
                                                   const EngineContext& context,
                                                   const Actor& actor);

}  // namespace ombudsflow
