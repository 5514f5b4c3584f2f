#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// An e-mail telling a citizen that something waits on Min sag, as claimed.
struct DueCitizenNotification {
  long long id = 0;
  std::string complaint_id;
  std::string kind;   // "message" or "new_link"
  std::string email;  // the case's address now; empty when it has none
  int attempt = 0;    // this attempt's number, from 1
};

/// The e-mails to citizens that point to Min sag (sql/0039_min_sag.sql),
/// sent by a job with retries, as letters are.
class CitizenNotificationStore {
 public:
  explicit CitizenNotificationStore(Database& database) : database_(database) {}

  /// Queues a `kind` e-mail for the case's citizen.
  [[nodiscard]] Result<void> Queue(const std::string& complaint_id, const std::string& kind, Timestamp now);

  /// Up to `limit` due e-mails, each kept from other servers until
  /// `now + lease`.
  [[nodiscard]] Result<std::vector<DueCitizenNotification>> ClaimDue(Timestamp now, int limit,
                                                                     std::chrono::milliseconds lease);

  /// Records that it was sent, or why not: tried again at `retry_at`, or
  /// (no retry) given up.
  [[nodiscard]] Result<void> RecordSent(long long id, Timestamp now);
  [[nodiscard]] Result<void> RecordFailure(long long id, const std::string& error, std::optional<Timestamp> retry_at);

  /// How many `kind` e-mails the case has queued since `since`.
  [[nodiscard]] Result<int> QueuedSince(const std::string& complaint_id, const std::string& kind, Timestamp since);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
