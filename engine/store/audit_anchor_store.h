#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/workflow/audit_anchor.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A chain head as a checkpoint reads it, with the transaction that last
/// changed it (0 for a change made before migration 0030).
struct ChangedHead {
  ChainHead head;
  std::uint64_t changed_by = 0;
};

/// What the audit anchor reads of the cases' chain heads (migration 0030).
class AuditAnchorStore {
 public:
  explicit AuditAnchorStore(Database& database) : database_(database) {}

  /// Every case whose head changed in a transaction numbered `since` or
  /// later (since 0: every case), in order of id, handed to `page` up to
  /// `page_size` at a time, all from one snapshot. Returns where the next
  /// read must start: the oldest transaction that snapshot could not see, so
  /// a change committed after this read is read next time. An error `page`
  /// returns stops the read and is returned.
  [[nodiscard]] Result<std::uint64_t> HeadsChangedSince(
      std::uint64_t since, int page_size, const std::function<Result<void>(std::vector<ChangedHead>&)>& page);

  /// For each of `anchored`, in its order, what the database holds where it
  /// points, in one statement.
  [[nodiscard]] Result<std::vector<StoredHead>> Lookup(const std::vector<ChainHead>& anchored);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
