#pragma once

#include <string_view>

namespace ombudsflow::api {

/// The release this build is: a tag such as "v0.2.0", git's description of
/// a build between releases ("v0.2.0-3-gabc1234"), or "unknown".
[[nodiscard]] std::string_view Release();

}  // namespace ombudsflow::api
