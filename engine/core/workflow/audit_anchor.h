#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ombudsflow {

/// Where a case's audit chain ended when a checkpoint read it: its newest
/// event's seq (the case's version) and hash. The audit anchor writes these
/// to a file outside the database; `audit verify --anchor` holds the
/// database to them.
struct ChainHead {
  std::string complaint_id;
  std::uint32_t seq = 0;
  std::string hash;

  friend bool operator==(const ChainHead&, const ChainHead&) = default;
};

/// What the database holds where an anchored head points.
struct StoredHead {
  bool case_exists = false;
  std::uint32_t version = 0;              // the case's version, when it exists
  std::optional<std::string> event_hash;  // the hash of its event with the anchored seq, if stored
};

/// Why the database no longer has `anchored`: the case is gone, its event
/// with that seq is gone or has another hash, or the case's version is below
/// it (rolled back). nullopt when the database still has it. A chain that
/// holds and still has its anchored heads was not cut or rewritten before
/// them, since each event's hash covers every event before it.
[[nodiscard]] std::optional<std::string> AnchoredHeadMissing(const ChainHead& anchored, const StoredHead& stored);

}  // namespace ombudsflow
