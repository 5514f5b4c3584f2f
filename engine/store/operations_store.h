#pragma once

#include <map>
#include <string>

#include "engine/core/base/error.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// What the operators watch, read in one round trip at each scrape of the
/// metrics: the delivery backlogs, the dead letters, and how late the
/// timers are. Ages are seconds past due (0 when nothing is).
struct OperationsSnapshot {
  long long webhooks_pending = 0;
  long long webhooks_dead = 0;
  double webhook_oldest_due_seconds = 0;
  long long letters_pending = 0;
  long long letters_dead = 0;
  double letter_oldest_due_seconds = 0;
  long long timers_due = 0;
  double timer_oldest_due_seconds = 0;
  std::map<std::string, long long> past_deadline_by_state;  // cases whose state's deadline has passed
};

class OperationsStore {
 public:
  explicit OperationsStore(Database& database) : database_(database) {}

  [[nodiscard]] Result<OperationsSnapshot> Snapshot();

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
