#include "engine/core/workflow/audit_anchor.h"

namespace ombudsflow {

std::optional<std::string> AnchoredHeadMissing(const ChainHead& anchored, const StoredHead& stored) {
  const std::string event = "event " + std::to_string(anchored.seq);
  if (!stored.case_exists) return "the case is gone from the database";
  if (!stored.event_hash) {
    return "the database has no " + event + " (the case is at version " + std::to_string(stored.version) +
           "): events were deleted";
  }
  if (*stored.event_hash != anchored.hash) {
    return event + "'s hash is not the anchored one: the chain was rewritten from there";
  }
  if (stored.version < anchored.seq) {
    return "the case's version " + std::to_string(stored.version) + " is below the anchored " + event +
           ": the case was rolled back";
  }
  return std::nullopt;
}

}  // namespace ombudsflow
