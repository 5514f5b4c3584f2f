#include "engine/jobs/timer_worker.h"

#include <spdlog/spdlog.h>

namespace ombudsflow::jobs {

TimerWorker::TimerWorker(service::TransitionService& transitions,
                         std::chrono::milliseconds interval, int batch_size)
    : transitions_(transitions),
      batch_size_(batch_size),
      job_("timers", interval, [this]() -> Result<bool> {
        auto fired = transitions_.FireDueTimers(batch_size_);
        if (!fired) return std::unexpected(fired.error());
        if (*fired > 0) spdlog::info("timers: fired {}", *fired);
        return *fired == batch_size_;  // more may be due right now
      }) {}

}  // namespace ombudsflow::jobs
