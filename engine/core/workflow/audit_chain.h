#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/workflow/audit_event.h"

namespace ombudsflow {

/// Where a case's chain must end, kept on the case's row outside the
/// events: every change of a case adds one event and one version, so a
/// chain cut short or lengthened disagrees with it even where each event
/// left still verifies.
struct ChainAnchor {
  std::uint32_t version = 0;  // the case's version: its number of events
  std::string head;           // the hash of its last event
};

/// The first link of a chain that does not hold, and why.
struct ChainBreak {
  std::uint32_t seq = 0;  // the first event that does not verify, or is missing
  std::string reason;
};

/// The kind of the event that records a case's pseudonymisation, after
/// which its events' details may be gone.
inline constexpr std::string_view kPseudonymisedEvent = "pseudonymised";

/// Whether `events` record a pseudonymisation.
[[nodiscard]] bool DetailsErasedByPseudonymisation(const std::vector<AuditEvent>& events);

/// Verifies a case's events as stored, in order of seq, with each
/// prev_hash taken from the stored hash before it: seqs 1, 2, 3, ... without
/// a gap, each hash that of the event's own fields under its scheme, ending
/// at `anchor`'s version and head; and each event's details kept aside
/// those its payload's digest names, or erased by a pseudonymisation.
/// nullopt when the chain holds.
[[nodiscard]] std::optional<ChainBreak> FirstBrokenLink(const std::vector<AuditEvent>& events,
                                                        const ChainAnchor& anchor);

}  // namespace ombudsflow
