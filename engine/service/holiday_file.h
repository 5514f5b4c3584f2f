#pragma once

#include <filesystem>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// Adds the closed days listed in `path` to `calendar`: one YYYY-MM-DD per
/// line, '#' starts a comment. kInvalidArgument names the bad line.
[[nodiscard]] Result<void> AddClosedDaysFromFile(const std::filesystem::path& path,
                                                 HolidayCalendar& calendar);

}  // namespace ombudsflow::service
