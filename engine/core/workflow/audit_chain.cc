#include "engine/core/workflow/audit_chain.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace ombudsflow {
namespace {

// The digest of the details an event's payload vouches for; empty if none.
std::string PayloadDetailsDigest(const std::string& payload_json) {
  if (payload_json.find("detailsDigest") == std::string::npos) return {};
  const nlohmann::json payload = nlohmann::json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return {};
  auto digest = payload.find("detailsDigest");
  return digest != payload.end() && digest->is_string() ? digest->get<std::string>() : std::string();
}

}  // namespace

bool DetailsErasedByPseudonymisation(const std::vector<AuditEvent>& events) {
  return std::any_of(events.begin(), events.end(), [](const AuditEvent& event) { return event.kind == kPseudonymisedEvent; });
}

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
    // The free texts kept aside must be the ones the chain vouches for; gone
    // only where the case was pseudonymised.
    if (const std::string digest = PayloadDetailsDigest(event.payload_json); !digest.empty()) {
      if (event.details_json && DetailsDigest(*event.details_json) != digest) {
        return ChainBreak{expected, "event " + std::to_string(expected) +
                                        "'s details do not match the digest its payload holds: they were changed"};
      }
      if (!event.details_json && !DetailsErasedByPseudonymisation(events)) {
        return ChainBreak{expected, "event " + std::to_string(expected) +
                                        "'s details are missing, and the case was never pseudonymised"};
      }
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
