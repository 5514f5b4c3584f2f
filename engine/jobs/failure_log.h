#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace ombudsflow::jobs {

/// Logs a background job's failures without flooding: the first of a run,
/// then at most one a minute with the count, and the recovery.
class FailureLog {
 public:
  explicit FailureLog(std::string job) : job_(std::move(job)) {}

  void Failed(std::string_view why);
  void Succeeded();

 private:
  std::string job_;
  int failures_ = 0;
  std::chrono::steady_clock::time_point last_logged_{};
};

}  // namespace ombudsflow::jobs
