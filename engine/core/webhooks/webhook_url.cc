#include "engine/core/webhooks/webhook_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ombudsflow {
namespace {

std::optional<WebhookUrl> Refuse(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
  return std::nullopt;
}

bool IsHostNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
}

}  // namespace

std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url, std::string* why) {
  if (url.size() > 2048) return Refuse(why, "is longer than 2048 characters");
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F;
      })) {
    return Refuse(why, "contains spaces, control or non-ASCII characters");
  }
  WebhookUrl parsed;
  std::string_view rest;
  if (url.starts_with("https://")) {
    parsed.tls = true;
    parsed.port = 443;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    parsed.port = 80;
    rest = url.substr(7);
  } else {
    return Refuse(why, "must start with https:// or http://");
  }
  if (rest.find('#') != std::string_view::npos) return Refuse(why, "must not have a fragment");
  const auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (path_start == std::string_view::npos) {
    parsed.target = "/";
  } else if (rest[path_start] == '?') {
    parsed.target = "/" + std::string(rest.substr(path_start));
  } else {
    parsed.target = std::string(rest.substr(path_start));
  }
  if (authority.find('@') != std::string_view::npos) {
    return Refuse(why, "must not carry a user name or password");
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Refuse(why, "has an unclosed IPv6 literal");
    parsed.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return Refuse(why, "has junk after the IPv6 literal");
    if (!after.empty()) port_text = after.substr(1);
    if (parsed.host.empty() || !std::all_of(parsed.host.begin(), parsed.host.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
        })) {
      return Refuse(why, "has an invalid IPv6 literal");
    }
  } else {
    const auto colon = authority.find(':');
    parsed.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (parsed.host.empty()) return Refuse(why, "has no host");
    if (!std::all_of(parsed.host.begin(), parsed.host.end(), IsHostNameChar)) {
      return Refuse(why, "has a host with characters other than letters, digits, dots and hyphens");
    }
    std::transform(parsed.host.begin(), parsed.host.end(), parsed.host.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  }
  if (authority.find(':') != std::string_view::npos && !authority.starts_with("[") &&
      port_text.empty()) {
    return Refuse(why, "has an empty port");
  }
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto result = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (result.ec != std::errc() || result.ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Refuse(why, "has an invalid port");
    }
    parsed.port = static_cast<std::uint16_t>(port);
  }
  return parsed;
}

}  // namespace ombudsflow
