#pragma once

#include <string>
#include <string_view>

namespace ombudsflow {

/// Whether `text` is a UUID in its canonical textual form.
[[nodiscard]] bool IsUuid(std::string_view text);

/// A UUID (version 8) made from the SHA-256 of `name`: the same name always
/// gives the same id, so a repeated registration finds the first one.
[[nodiscard]] std::string NameBasedUuid(std::string_view name);

}  // namespace ombudsflow
