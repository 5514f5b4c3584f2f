#pragma once

#include <chrono>

#include "engine/jobs/periodic_job.h"
#include "engine/service/retention_service.h"

namespace ombudsflow::jobs {

/// Runs retention once at start and then every `interval` (a day). Several
/// servers may run it: a case is taken by whichever writes its
/// pseudonymised event first, the others' write finds a newer version.
class RetentionWorker {
 public:
  RetentionWorker(service::RetentionService& retention, std::chrono::seconds interval);

  void Start() { job_.Start(); }
  /// Finishes the run in progress and stops.
  void Stop() { job_.Stop(); }

 private:
  service::RetentionService& retention_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
