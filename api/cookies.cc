#include "api/cookies.h"

#include <algorithm>

namespace ombudsflow::api {

std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
    std::string_view value = pair.substr(equals + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

std::string SessionSetCookie(std::string_view name, std::string_view value, std::chrono::seconds max_age,
                             bool secure) {
  std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; Max-Age=" +
                       std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string WithSecure(std::string_view set_cookie) {
  for (std::string_view rest = set_cookie; !rest.empty();) {
    const std::size_t end = rest.find(';');
    std::string_view attribute = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!attribute.empty() && attribute.front() == ' ') attribute.remove_prefix(1);
    while (!attribute.empty() && attribute.back() == ' ') attribute.remove_suffix(1);
    if (attribute.size() == 6 && std::equal(attribute.begin(), attribute.end(), "secure",
                                            [](char a, char b) { return (a | 0x20) == b; })) {
      return std::string(set_cookie);
    }
  }
  return std::string(set_cookie) + "; Secure";
}

}  // namespace ombudsflow::api
