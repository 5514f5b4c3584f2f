#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/core/workflow/audit_event.h"
#include "engine/store/transition_store.h"

namespace ombudsflow::testing {

/// Takes a registered case on to `version` through the server's own write,
/// one plain event per step, each continuing the chain.
inline void AdvanceCase(store::TransitionStore& cases, const std::string& id, std::uint32_t version) {
  while (true) {
    auto stored = cases.Load(id);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    const std::uint32_t next = stored->complaint.version() + 1;
    if (next > version) return;
    TransitionOutcome outcome;
    outcome.after = stored->complaint;
    outcome.after.set_state("step" + std::to_string(next));
    outcome.after.set_version(next);
    outcome.event = Sealed(AuditEvent{.complaint_id = id, .seq = next,
                                      .occurred_at = FromUnixMicros(1'780'308'000'000'000 + next),
                                      .actor_role = "caseworker", .actor = "Anne", .kind = "transition",
                                      .payload_json = R"({"step":)" + std::to_string(next) + "}", .details_json = std::nullopt,
                                      .prev_hash = stored->last_event_hash, .hash = {}});
    auto applied = cases.Apply(outcome);
    ASSERT_TRUE(applied.has_value()) << applied.error().message;
  }
}

}  // namespace ombudsflow::testing
