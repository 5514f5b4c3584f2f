#pragma once

#include <chrono>

#include "engine/jobs/periodic_job.h"
#include "engine/store/report_store.h"

namespace ombudsflow::jobs {

/// Folds the report tallies writers append into the daily sums every
/// `interval` (ReportStore::Compact), so reports read few rows and writers
/// never wait for each other. Every server may run one.
class TallyCompactor {
 public:
  TallyCompactor(store::ReportStore& reports, std::chrono::milliseconds interval);

  void Start() { job_.Start(); }
  /// Finishes the compaction in progress and stops.
  void Stop() { job_.Stop(); }

 private:
  store::ReportStore& reports_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
