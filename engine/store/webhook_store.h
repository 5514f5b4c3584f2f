#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/webhooks/delivery_schedule.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/webhooks.pb.h"

namespace ombudsflow::store {

struct NewWebhookEndpoint {
  std::string department;
  std::string url;     // already validated
  std::string secret;  // "whsec_..."
  std::string created_by;
};

/// A delivery claimed for one attempt, with what the attempt needs.
struct DueDelivery {
  std::string notice_id;
  std::string endpoint_id;
  std::string claim;  // this claim's own id; the outcome is recorded only under it
  std::string url;
  std::string secret;
  int attempt = 1;  // this attempt's number
  v1::NoticeWebhookData notice;  // href left for the worker to fill
};

/// What became of one attempt, decided by the worker.
struct AttemptRecord {
  std::string notice_id;
  std::string endpoint_id;
  std::string claim;
  Timestamp attempted_at;
  int status = 0;
  std::string error;  // empty on 2xx; never the response body
  DeliveryDecision decision;
};

/// Webhook endpoints and the deliveries of notices to them.
class WebhookStore {
 public:
  explicit WebhookStore(Database& database) : database_(database) {}

  /// Registers the department's endpoint and queues every notice of the
  /// department not yet received (delivered or acknowledged), in one
  /// transaction. kAlreadyExists when the department has an active one;
  /// kInvalidArgument for an unknown department.
  [[nodiscard]] Result<v1::WebhookEndpoint> Create(const NewWebhookEndpoint& endpoint, Timestamp now);

  /// Every endpoint, newest first, without secrets.
  [[nodiscard]] Result<std::vector<v1::WebhookEndpoint>> List();

  /// Disables the endpoint and abandons its pending deliveries (pull still
  /// works). Disabling twice keeps the first reason. kNotFound if unknown.
  [[nodiscard]] Result<v1::WebhookEndpoint> Disable(const std::string& id, const std::string& reason,
                                                    Timestamp now);

  /// The endpoint's deliveries, newest notice first (at most 200).
  [[nodiscard]] Result<std::vector<v1::WebhookDelivery>> Deliveries(const std::string& endpoint_id);

  /// Claims up to `limit` deliveries due at `now` whose earlier claim (if
  /// any) has run out, and leases them until `now + lease`, in one short
  /// transaction that commits before anything is sent: no connection is
  /// held while a receiver takes its time. Servers sharing the database
  /// never claim the same delivery at once (SKIP LOCKED, then the lease).
  [[nodiscard]] Result<std::vector<DueDelivery>> Claim(Timestamp now, int limit,
                                                       std::chrono::milliseconds lease);

  /// Records the attempts' outcomes in one short transaction. An outcome
  /// counts only while its claim stands (not run out and taken by another
  /// server, not abandoned by disabling the endpoint); a 2xx always marks
  /// the notice received, since the department did receive it. Dead letters
  /// and endpoints gone (410) also queue an office alert. Returns how many
  /// outcomes counted.
  [[nodiscard]] Result<int> Record(const std::vector<AttemptRecord>& records);

 private:
  Database& database_;
};

/// The webhook-id of a notice's deliveries: the same on every attempt.
[[nodiscard]] std::string WebhookIdOf(const std::string& notice_id);

}  // namespace ombudsflow::store
