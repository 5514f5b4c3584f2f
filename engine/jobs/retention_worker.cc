#include "engine/jobs/retention_worker.h"

#include <spdlog/spdlog.h>

#include "engine/jobs/failure_log.h"

namespace ombudsflow::jobs {

void RetentionWorker::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void RetentionWorker::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void RetentionWorker::Run(std::stop_token stop) {
  FailureLog failures("retention");
  while (!stop.stop_requested()) {
    auto done = retention_.Run();
    if (!done) {
      failures.Failed(done.error().message);
    } else {
      failures.Succeeded();
      if (*done > 0) spdlog::info("retention: pseudonymised {} closed case(s)", *done);
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace ombudsflow::jobs
