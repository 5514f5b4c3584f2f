#pragma once

#include <chrono>

#include "engine/jobs/periodic_job.h"
#include "engine/service/transition_service.h"

namespace ombudsflow::jobs {

/// Fires due timeout transitions in the background. Any number of servers
/// may run one against the same database: claims use SKIP LOCKED.
class TimerWorker {
 public:
  TimerWorker(service::TransitionService& transitions, std::chrono::milliseconds interval,
              int batch_size);

  void Start() { job_.Start(); }
  /// Finishes the batch in progress and stops.
  void Stop() { job_.Stop(); }

 private:
  service::TransitionService& transitions_;
  int batch_size_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
