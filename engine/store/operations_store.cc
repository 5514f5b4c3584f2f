#include "engine/store/operations_store.h"

#include <algorithm>

namespace ombudsflow::store {

Result<OperationsSnapshot> OperationsStore::Snapshot() {
  return database_.Run("read the operations snapshot", [&](soci::session& session) -> Result<OperationsSnapshot> {
    OperationsSnapshot snapshot;
    // Each count reads a partial index or a small table; ages use the due
    // indexes (webhook_deliveries_due, case_state_due).
    Rows totals(session,
                "SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'),"
                " (SELECT count(*) FROM webhook_deliveries WHERE state = 'dead_letter'),"
                " (SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float8"
                "    FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at < now()),"
                " (SELECT count(*) FROM letters WHERE delivery_state = 'pending'),"
                " (SELECT count(*) FROM letters WHERE delivery_state = 'dead_letter'),"
                " (SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float8"
                "    FROM letters WHERE delivery_state = 'pending' AND next_attempt_at < now()),"
                " (SELECT count(*) FROM case_state WHERE deadline_at < now()),"
                " (SELECT coalesce(extract(epoch FROM now() - min(deadline_at)), 0)::float8"
                "    FROM case_state WHERE deadline_at < now())");
    for (const auto& row : totals) {
      snapshot.webhooks_pending = row.get<long long>(0);
      snapshot.webhooks_dead = row.get<long long>(1);
      snapshot.webhook_oldest_due_seconds = std::max(0.0, row.get<double>(2));
      snapshot.letters_pending = row.get<long long>(3);
      snapshot.letters_dead = row.get<long long>(4);
      snapshot.letter_oldest_due_seconds = std::max(0.0, row.get<double>(5));
      snapshot.timers_due = row.get<long long>(6);
      snapshot.timer_oldest_due_seconds = std::max(0.0, row.get<double>(7));
    }
    Rows by_state(session,
                  "SELECT state, count(*) FROM case_state WHERE deadline_at < now() GROUP BY state ORDER BY state");
    for (const auto& row : by_state) snapshot.past_deadline_by_state[row.get<std::string>(0)] = row.get<long long>(1);
    return snapshot;
  });
}

}  // namespace ombudsflow::store
