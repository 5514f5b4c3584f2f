#include "api/router.h"

#include "api/url.h"

namespace ombudsflow::api {

std::optional<std::string> DecodePathSegment(std::string_view segment) {
  auto decoded = PercentDecode(segment, false);
  // A decoded '/' would let one segment pose as two.
  if (decoded && decoded->find('/') != std::string::npos) return std::nullopt;
  return decoded;
}

}  // namespace ombudsflow::api
