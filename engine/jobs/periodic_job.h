#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "engine/core/base/error.h"

namespace ombudsflow::jobs {

/// Runs a background job's rounds on its own thread: one at Start, then one
/// every `interval` until Stop. A round that says more is due right now
/// (a full batch) is followed at once by the next. Failures are logged
/// without flooding (FailureLog); the job goes on.
class PeriodicJob {
 public:
  /// One round: an error, or whether more is due right now.
  using Round = std::function<Result<bool>()>;

  PeriodicJob(std::string name, std::chrono::milliseconds interval, Round round)
      : name_(std::move(name)), interval_(interval), round_(std::move(round)) {}
  ~PeriodicJob() { Stop(); }

  void Start();
  /// Finishes the round in progress and stops.
  void Stop();

 private:
  void Run(std::stop_token stop);

  std::string name_;
  std::chrono::milliseconds interval_;
  Round round_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace ombudsflow::jobs
