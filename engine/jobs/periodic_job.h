#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <algorithm>

#include "engine/core/base/error.h"

namespace ombudsflow::jobs {

/// Runs a background job's rounds on threads of its own (`threads` of them,
/// each running rounds independently): one at Start, then one every
/// `interval` until Stop, or sooner when woken. A round that says more is
/// due right now (a full batch) is followed at once by the next. Failures
/// are logged without flooding (FailureLog); the job goes on.
class PeriodicJob {
 public:
  /// One round: an error, or whether more is due right now.
  using Round = std::function<Result<bool>()>;

  PeriodicJob(std::string name, std::chrono::milliseconds interval, Round round, int threads = 1)
      : name_(std::move(name)), interval_(interval), round_(std::move(round)), thread_count_(std::max(1, threads)) {}
  ~PeriodicJob() { Stop(); }

  void Start();
  /// Asks for a round now rather than at the next interval; one waiting
  /// thread takes it, the others keep to their interval.
  void Wake();
  /// Finishes the rounds in progress and stops.
  void Stop();

 private:
  void Run(std::stop_token stop);

  std::string name_;
  std::chrono::milliseconds interval_;
  Round round_;
  int thread_count_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::vector<std::jthread> threads_;
};

}  // namespace ombudsflow::jobs
