#pragma once

#include <chrono>

#include "engine/core/base/time.h"

namespace ombudsflow::testing {

/// A clock the test moves by hand. Local dates are UTC dates.
class FakeClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override { return now; }
  [[nodiscard]] Date LocalDate(Timestamp at) const override {
    return std::chrono::floor<std::chrono::days>(at);
  }
  Timestamp now = FromUnixMicros(1'795'000'000'000'000);  // 2026-11-18
};

}  // namespace ombudsflow::testing
