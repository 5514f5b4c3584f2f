#include "engine/jobs/periodic_job.h"

#include "engine/jobs/failure_log.h"

namespace ombudsflow::jobs {

void PeriodicJob::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void PeriodicJob::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void PeriodicJob::Run(std::stop_token stop) {
  FailureLog failures(name_);
  while (!stop.stop_requested()) {
    auto more_due = round_();
    if (!more_due) {
      failures.Failed(more_due.error().message);
    } else {
      failures.Succeeded();
      if (*more_due) continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace ombudsflow::jobs
