#pragma once

#include <string_view>

namespace ombudsflow {

/// Whether `text` is a UUID in its canonical textual form.
[[nodiscard]] bool IsUuid(std::string_view text);

}  // namespace ombudsflow
