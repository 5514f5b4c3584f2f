#pragma once

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <ctime>
#include <mutex>

#include "engine/core/base/time.h"

namespace ombudsflow::service {

/// The wall clock, truncated to the microseconds PostgreSQL keeps. Local
/// dates follow the process's time zone (TZ), which `serve` sets to the
/// office's: the C library is the one time-zone database GCC 12 offers.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override {
    return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  }
  [[nodiscard]] Date LocalDate(Timestamp at) const override {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::system_clock::duration>(at));
    std::tm local{};
    localtime_r(&seconds, &local);
    return std::chrono::sys_days(std::chrono::year(local.tm_year + 1900) /
                                 std::chrono::month(static_cast<unsigned>(local.tm_mon + 1)) /
                                 std::chrono::day(static_cast<unsigned>(local.tm_mday)));
  }
};

/// Random (version 4) UUIDs from Boost.UUID.
class UuidGenerator final : public IdGenerator {
 public:
  [[nodiscard]] std::string NewId() override {
    std::lock_guard lock(mutex_);  // the generator is not thread-safe
    return boost::uuids::to_string(generator_());
  }

 private:
  std::mutex mutex_;
  boost::uuids::random_generator generator_;
};

}  // namespace ombudsflow::service
