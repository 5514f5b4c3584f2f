#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/time.h"

namespace ombudsflow {

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
  std::string actor_name;
  std::string kind;          // "complaint_registered", ...
  std::string payload_json;  // a JSON object
  std::string prev_hash;     // empty for seq 1
  std::string hash;          // hex SHA-256, see ComputeEventHash
};

/// The chain hash of `event`: SHA-256 over its fields (hash excluded), each
/// length-prefixed so no two different events share an encoding.
[[nodiscard]] std::string ComputeEventHash(const AuditEvent& event);

/// Fills in `event.hash` from its fields and returns the event.
[[nodiscard]] AuditEvent Sealed(AuditEvent event);

}  // namespace ombudsflow
