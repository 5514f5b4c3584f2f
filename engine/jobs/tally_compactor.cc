#include "engine/jobs/tally_compactor.h"

#include "engine/jobs/failure_log.h"

namespace ombudsflow::jobs {

void TallyCompactor::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void TallyCompactor::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void TallyCompactor::Run(std::stop_token stop) {
  FailureLog failures("report tallies");
  while (!stop.stop_requested()) {
    // A failed round (the database away) leaves the deltas where they are:
    // reports still count them, and the next round moves them.
    if (auto moved = reports_.Compact(); !moved) {
      failures.Failed(moved.error().message);
    } else {
      failures.Succeeded();
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace ombudsflow::jobs
