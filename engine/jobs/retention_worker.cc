#include "engine/jobs/retention_worker.h"

#include <spdlog/spdlog.h>

namespace ombudsflow::jobs {

RetentionWorker::RetentionWorker(service::RetentionService& retention, std::chrono::seconds interval)
    : retention_(retention), job_("retention", interval, [this]() -> Result<bool> {
        auto done = retention_.Run();
        if (!done) return std::unexpected(done.error());
        if (*done > 0) spdlog::info("retention: pseudonymised {} closed case(s)", *done);
        return false;
      }) {}

}  // namespace ombudsflow::jobs
