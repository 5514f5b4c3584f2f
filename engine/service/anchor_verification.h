#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "engine/core/base/error.h"
#include "engine/store/audit_anchor_store.h"

namespace ombudsflow::service {

/// Something an anchor file shows that the database, or the file, no longer
/// holds: a line that is not a signed checkpoint or does not follow the one
/// before (no case), or an anchored head the database lost.
struct AnchorFinding {
  std::uint64_t line = 0;    // the file's line, from 1
  std::string complaint_id;  // empty for a finding about the line itself
  std::uint32_t seq = 0;
  std::string reason;
};

struct AnchorSummary {
  std::uint64_t lines = 0;
  std::uint64_t heads = 0;     // anchored heads checked against the database
  std::uint64_t findings = 0;
};

/// Holds the database to an anchor file (`audit verify --anchor`): every
/// line must be signed by the anchor's key and follow the line before it,
/// and every head it anchored must still be in the database (the event with
/// that seq and hash, the case at that version or later). Reads the file a
/// line at a time and looks each line's heads up in one statement, so a file
/// of any length takes little memory.
class AnchorVerification {
 public:
  AnchorVerification(store::AuditAnchorStore& store, std::string public_key)
      : store_(store), public_key_(std::move(public_key)) {}

  /// Checks `file`, each finding handed to `on_finding` (each missing head
  /// once); `only_case` non-empty checks that case's heads alone. Fails
  /// only when the database cannot be asked.
  [[nodiscard]] Result<AnchorSummary> Verify(std::istream& file, const std::string& only_case,
                                             const std::function<void(const AnchorFinding&)>& on_finding);

 private:
  store::AuditAnchorStore& store_;
  std::string public_key_;
};

}  // namespace ombudsflow::service
