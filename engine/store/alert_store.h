#pragma once

#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/alerts.pb.h"

namespace ombudsflow::store {

/// The office alerts in the outbox: those still open, and resolving one.
class AlertStore {
 public:
  explicit AlertStore(Database& database) : database_(database) {}

  /// Open alerts, oldest first (at most 500).
  [[nodiscard]] Result<std::vector<v1::OfficeAlert>> Open();

  /// Marks the alert resolved; resolving twice keeps the first. kNotFound if
  /// there is no such alert.
  [[nodiscard]] Result<v1::OfficeAlert> Resolve(const std::string& id, const std::string& by, Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
