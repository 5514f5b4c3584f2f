#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/service/transition_service.h"

namespace ombudsflow::jobs {

/// Fires due timeout transitions in the background. Any number of servers
/// may run one against the same database: claims use SKIP LOCKED.
class TimerWorker {
 public:
  TimerWorker(service::TransitionService& transitions, std::chrono::milliseconds interval,
              int batch_size);
  ~TimerWorker();

  void Start();
  /// Finishes the batch in progress and stops.
  void Stop();

 private:
  void Run(std::stop_token stop);

  service::TransitionService& transitions_;
  std::chrono::milliseconds interval_;
  int batch_size_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace ombudsflow::jobs
