#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/service/retention_service.h"

namespace ombudsflow::jobs {

/// Runs retention once at start and then every `interval` (a day). Several
/// servers may run it: a case is taken by whichever writes its
/// pseudonymised event first, the others' write finds a newer version.
class RetentionWorker {
 public:
  RetentionWorker(service::RetentionService& retention, std::chrono::seconds interval)
      : retention_(retention), interval_(interval) {}
  ~RetentionWorker() { Stop(); }

  void Start();
  /// Finishes the run in progress and stops.
  void Stop();

 private:
  void Run(std::stop_token stop);

  service::RetentionService& retention_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace ombudsflow::jobs
