#include "engine/jobs/periodic_job.h"

#include "engine/jobs/failure_log.h"

namespace ombudsflow::jobs {

void PeriodicJob::Start() {
  for (int i = 0; i < thread_count_; ++i) threads_.emplace_back([this](std::stop_token stop) { Run(stop); });
}

void PeriodicJob::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void PeriodicJob::Stop() {
  for (auto& thread : threads_) thread.request_stop();
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
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
    wake_.wait_for(lock, stop, interval_, [this] { return woken_; });
    woken_ = false;
  }
}

}  // namespace ombudsflow::jobs
