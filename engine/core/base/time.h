#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ombudsflow {

/// Every instant the engine handles, at PostgreSQL's timestamptz precision so
/// a value survives a round trip through the database unchanged.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

[[nodiscard]] inline std::int64_t ToUnixMicros(Timestamp t) {
  return t.time_since_epoch().count();
}

[[nodiscard]] inline Timestamp FromUnixMicros(std::int64_t micros) {
  return Timestamp{std::chrono::microseconds{micros}};
}

/// A calendar day, as deadlines count them.
using Date = std::chrono::sys_days;

/// The source of "now". Injected so the engine stays deterministic in tests.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp Now() const = 0;
  /// The office's local calendar date at `at` (deadlines count local days).
  [[nodiscard]] virtual Date LocalDate(Timestamp at) const = 0;
};

/// The source of new identifiers (UUID text). Injected for the same reason.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  [[nodiscard]] virtual std::string NewId() = 0;
};

}  // namespace ombudsflow
