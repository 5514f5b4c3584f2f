#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/list_params.h"

namespace ombudsflow::api {

/// A request target split into its path and decoded query parameters.
struct Target {
  std::string path;  // still percent-encoded; the router decodes segments
  QueryParams query;
};

/// Decodes %XX escapes (and '+' as space when `plus_is_space`, as in query
/// strings). nullopt for a malformed escape or an encoded NUL.
[[nodiscard]] std::optional<std::string> PercentDecode(std::string_view text,
                                                       bool plus_is_space);

/// Decodes "a=1&b=x+y": a query string, or an HTML form's body
/// (application/x-www-form-urlencoded). nullopt when a pair is malformed.
[[nodiscard]] std::optional<QueryParams> ParseQuery(std::string_view query);

/// Splits an origin-form target ("/v1/complaints?state=received"). nullopt
/// when it is not origin-form or a query parameter is malformed.
[[nodiscard]] std::optional<Target> ParseTarget(std::string_view target);

}  // namespace ombudsflow::api
