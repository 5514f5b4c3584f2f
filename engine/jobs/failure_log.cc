#include "engine/jobs/failure_log.h"

#include <spdlog/spdlog.h>

namespace ombudsflow::jobs {

void FailureLog::Failed(std::string_view why) {
  ++failures_;
  const auto now = std::chrono::steady_clock::now();
  if (failures_ == 1 || now - last_logged_ >= std::chrono::minutes(1)) {
    spdlog::warn("{}: {} (failing {} time(s) in a row)", job_, why, failures_);
    last_logged_ = now;
  }
}

void FailureLog::Succeeded() {
  if (failures_ > 0) spdlog::info("{}: working again after {} failure(s)", job_, failures_);
  failures_ = 0;
}

}  // namespace ombudsflow::jobs
