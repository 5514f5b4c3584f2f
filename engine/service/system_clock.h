#pragma once

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <mutex>

#include "engine/time.h"

namespace ombudsflow::service {

/// The wall clock, truncated to the microseconds PostgreSQL keeps.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override {
    return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
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
