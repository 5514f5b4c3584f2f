#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/store/report_store.h"

namespace ombudsflow::jobs {

/// Folds the report tallies writers append into the daily sums every
/// `interval` (ReportStore::Compact), so reports read few rows and writers
/// never wait for each other. Every server may run one.
class TallyCompactor {
 public:
  TallyCompactor(store::ReportStore& reports, std::chrono::milliseconds interval)
      : reports_(reports), interval_(interval) {}
  ~TallyCompactor() { Stop(); }

  void Start();
  /// Finishes the compaction in progress and stops.
  void Stop();

 private:
  void Run(std::stop_token stop);

  store::ReportStore& reports_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace ombudsflow::jobs
