#include "engine/jobs/timer_worker.h"

#include <spdlog/spdlog.h>

#include "engine/jobs/failure_log.h"

namespace ombudsflow::jobs {

TimerWorker::TimerWorker(service::TransitionService& transitions,
                         std::chrono::milliseconds interval, int batch_size)
    : transitions_(transitions), interval_(interval), batch_size_(batch_size) {}

TimerWorker::~TimerWorker() { Stop(); }

void TimerWorker::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void TimerWorker::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void TimerWorker::Run(std::stop_token stop) {
  FailureLog failures("timers");
  while (!stop.stop_requested()) {
    auto fired = transitions_.FireDueTimers(batch_size_);
    if (!fired) {
      failures.Failed(fired.error().message);
    } else {
      failures.Succeeded();
      if (*fired > 0) spdlog::info("timers: fired {}", *fired);
      if (*fired == batch_size_) continue;  // more may be due right now
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace ombudsflow::jobs
