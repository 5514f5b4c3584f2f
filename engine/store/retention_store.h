#pragma once

#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// What retention reads and scrubs beyond the case's own state.
class RetentionStore {
 public:
  explicit RetentionStore(Database& database) : database_(database) {}

  /// Cases not yet pseudonymised, in one of `states` (the terminal ones),
  /// unchanged since before `closed_before`; at most `limit`.
  [[nodiscard]] Result<std::vector<std::string>> Due(const std::vector<std::string>& states, Timestamp closed_before,
                                                     int limit);

  /// Removes the case's personal data outside its state row, in one
  /// statement: the complainant's name (a pseudonym stays), contact data,
  /// subject and description, the idempotency key, the details its events
  /// kept aside, its letters' and notices' contents, and drafts never
  /// published; marks it pseudonymised at `now`. Published texts stay: they
  /// were cleared for publication.
  [[nodiscard]] Result<void> Scrub(const std::string& id, Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
