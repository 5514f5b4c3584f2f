#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/base/time.h"

namespace ombudsflow {

/// "2026-11-23".
[[nodiscard]] std::string FormatIsoDate(Date date);

/// A YYYY-MM-DD date that exists; nullopt for anything else.
[[nodiscard]] std::optional<Date> ParseIsoDate(std::string_view text);

}  // namespace ombudsflow
