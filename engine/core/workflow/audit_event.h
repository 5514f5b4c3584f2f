#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/base/time.h"

namespace ombudsflow {

/// The hash scheme new events are sealed with. 1: the payload's exact
/// text; 2: a canonical form of the payload that audit_event owns, so
/// that no printer's bytes decide the hash. Stored with each event, so
/// chains sealed under an older scheme still verify.
inline constexpr int kAuditHashScheme = 2;

/// One entry of a case's append-only history. Entries are hash-chained per
/// case: each hash covers the entry and the previous entry's hash, so editing
/// or removing a past entry breaks every hash after it.
///
/// The payload never carries the complainant's personal data (that lives on
/// the case row), so pseudonymising a closed case leaves the chain valid.
struct AuditEvent {
  std::string complaint_id;
  std::uint32_t seq = 0;  // 1 for the case's first event
  Timestamp occurred_at;
  std::string actor_role;
  std::string actor;
  std::string kind;          // "complaint_registered", ...
  std::string payload_json;  // a JSON object
  // A transition's free texts (reason, input), kept aside: the payload
  // carries their digest (DetailsDigest) as "detailsDigest", so erasing
  // them leaves the chain whole. nullopt when there are none, or they were
  // erased.
  std::optional<std::string> details_json;
  std::string prev_hash;     // empty for seq 1
  std::string hash;          // hex SHA-256, see ComputeEventHash
  int hash_scheme = kAuditHashScheme;
};

/// The chain hash of `event` under its `hash_scheme`: SHA-256 over its
/// fields (hash excluded), each length-prefixed so no two different events
/// share an encoding. Empty (matching no stored hash) for an unknown
/// scheme, or under scheme 2 for a payload that is not JSON.
[[nodiscard]] std::string ComputeEventHash(const AuditEvent& event);

/// Scheme 2's form of a JSON payload: keys sorted by their bytes, no
/// insignificant whitespace, strings in UTF-8 with only the escapes JSON
/// requires, integral numbers as integers (1.0 and 1e0 print "1"), others
/// in their shortest round-trip form. nullopt when
/// `json` is not valid JSON.
[[nodiscard]] std::optional<std::string> CanonicalPayload(std::string_view json);

/// The digest of a details object that an event's payload carries: SHA-256
/// of its canonical form (CanonicalPayload), so no printer decides it.
/// Empty for text that is not JSON.
[[nodiscard]] std::string DetailsDigest(std::string_view details_json);

/// Fills in `event.hash` from its fields and returns the event.
[[nodiscard]] AuditEvent Sealed(AuditEvent event);

}  // namespace ombudsflow
