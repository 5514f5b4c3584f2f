#include "engine/core/workflow/audit_chain.h"

namespace ombudsflow {

std::optional<ChainBreak> FirstBrokenLink(const std::vector<AuditEvent>& events, const ChainAnchor& anchor) {
  std::string previous;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const AuditEvent& event = events[i];
    const auto expected = static_cast<std::uint32_t>(i + 1);
    if (event.seq != expected) {
      return ChainBreak{expected, event.seq > expected
                                      ? "event " + std::to_string(expected) + " is missing (the next stored is " +
                                            std::to_string(event.seq) + ")"
                                      : "event " + std::to_string(event.seq) + " is stored again after event " +
                                            std::to_string(expected - 1)};
    }
    if (event.prev_hash != previous) {
      return ChainBreak{expected, "event " + std::to_string(expected) +
                                      " does not continue from the hash of the event before it"};
    }
    if (ComputeEventHash(event) != event.hash) {
      return ChainBreak{expected, "event " + std::to_string(expected) +
                                      "'s hash does not match its contents: it, or the event before it, was changed"};
    }
    previous = event.hash;
  }
  const auto count = static_cast<std::uint32_t>(events.size());
  if (count < anchor.version) {
    return ChainBreak{count + 1, "the case is at version " + std::to_string(anchor.version) +
                                     " but its events end at " + std::to_string(count) +
                                     ": the later ones are missing"};
  }
  if (count > anchor.version) {
    return ChainBreak{anchor.version + 1, "event " + std::to_string(anchor.version + 1) +
                                              " is beyond the case's version " + std::to_string(anchor.version)};
  }
  if (previous != anchor.head) {
    return ChainBreak{count, "the last event is not the one the case recorded as its head"};
  }
  return std::nullopt;
}

}  // namespace ombudsflow
