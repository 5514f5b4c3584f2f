#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow {

/// A webhook receiver's address, split for the HTTP client.
struct WebhookUrl {
  bool tls = false;           // https
  std::string host;           // a DNS name, an IPv4 address, or an IPv6 one without brackets
  std::uint16_t port = 0;     // explicit, or 443 / 80
  std::string target;         // path and query, at least "/"
};

/// Parses an absolute http or https URL. Deliberately strict, since it comes
/// from configuration and ends up on the wire: no user-info, no fragment,
/// no whitespace or control characters, a host of letters, digits, dots and
/// hyphens (or a bracketed IPv6 literal). nullopt with `why` set otherwise.
[[nodiscard]] std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url, std::string* why);

}  // namespace ombudsflow
