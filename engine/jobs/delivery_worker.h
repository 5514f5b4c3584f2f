#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/webhooks/address_policy.h"
#include "engine/jobs/periodic_job.h"
#include "engine/store/webhook_store.h"

namespace boost::asio::ssl {
class context;
}

namespace ombudsflow::jobs {

/// Pushes notices to departments' webhook endpoints: claims due deliveries
/// with a lease, signs and posts them concurrently with no database
/// connection held, and records each outcome with its next attempt. Any
/// number of servers may run one against one database.
class DeliveryWorker {
 public:
  struct Options {
    std::chrono::milliseconds interval{1000};  // how often to look for due deliveries
    int batch_size = 32;
    // Rounds in flight at once, so one slow receiver does not hold up every
    // other department's notices. A round holds a connection only to claim
    // and to record.
    int concurrency = 2;
    std::chrono::milliseconds timeout{10000};  // per attempt, connect to answer
    // How long a claim keeps other servers off its deliveries; after a crash
    // mid-send they go out again once it runs out. Longer than `timeout`.
    std::chrono::milliseconds lease{30000};
    AddressPolicy policy;
    std::string public_base_url;  // the notice link in each payload
    // Extra trusted CAs (PEM) beyond the system's, e.g. a municipality's own.
    std::string ca_file = {};
    // Told, for each delivery answered 2xx, how long after the notice was
    // committed that was (the metrics' delivery lag). Empty: nobody.
    std::function<void(std::chrono::microseconds lag)> delivered = {};
  };
  /// A draw in [0, 1) for spreading retries; called from several threads.
  using Jitter = std::function<double()>;

  DeliveryWorker(store::WebhookStore& store, const Clock& clock, Options options,
                 Jitter jitter = {});
  ~DeliveryWorker();

  /// One claim-send-record round at the clock's now; how many were attempted.
  /// An error claiming or recording is returned; deliveries whose outcome
  /// could not be recorded go out again when their lease runs out.
  [[nodiscard]] Result<int> RunOnce();

  void Start();
  /// Asks for a round now (a notice was just written), not at the next tick.
  void Wake();
  /// Finishes the round in progress and stops.
  void Stop();

 private:
  std::vector<store::AttemptRecord> Send(const std::vector<store::DueDelivery>& due);

  store::WebhookStore& store_;
  const Clock& clock_;
  Options options_;
  Jitter jitter_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  // Rounds on `concurrency` threads; a full batch means more may be due now.
  PeriodicJob job_;
};

/// The JSON body posted for a notice (Standard Webhooks envelope).
[[nodiscard]] std::string NoticeWebhookBody(const v1::NoticeWebhookData& notice);

}  // namespace ombudsflow::jobs
