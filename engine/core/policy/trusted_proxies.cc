#include "engine/core/policy/trusted_proxies.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace ombudsflow {
namespace {

using boost::asio::ip::address;
using boost::asio::ip::address_v6;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<address> ParseAddress(std::string_view text) {
  boost::system::error_code error;
  const address parsed = boost::asio::ip::make_address(std::string(text), error);
  if (error) return std::nullopt;
  // A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d.
  if (parsed.is_v6() && parsed.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6());
  }
  return parsed;
}

address_v6 AsV6(const address& value) {
  return value.is_v6() ? value.to_v6() : boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, value.to_v4());
}

bool SamePrefix(const address_v6::bytes_type& a, const address_v6::bytes_type& b, int prefix) {
  for (int bit = 0; bit < prefix; bit += 8) {
    const int bits = std::min(8, prefix - bit);
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    const std::size_t end = list.find_first_of(", \t");
    const std::string_view entry = list.substr(0, end);
    list = end == std::string_view::npos ? std::string_view() : list.substr(end + 1);
    if (entry.empty()) continue;
    const auto refuse = [&](std::string_view why) {
      return std::unexpected(InvalidArgument("--trusted-proxies: '" + std::string(entry.substr(0, 64)) + "' " +
                                             std::string(why)));
    };
    const std::size_t slash = entry.find('/');
    const auto parsed = ParseAddress(entry.substr(0, slash));
    if (!parsed) return refuse("is not an IP address or a network such as 10.0.0.0/8");
    const int width = parsed->is_v4() ? 32 : 128;
    int prefix = width;
    if (slash != std::string_view::npos) {
      const std::string_view digits = entry.substr(slash + 1);
      const auto [at, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (digits.empty() || error != std::errc{} || at != digits.data() + digits.size() || prefix < 0 ||
          prefix > width) {
        return refuse("has no prefix length between 0 and " + std::to_string(width));
      }
    }
    Network network{AsV6(*parsed), prefix + (128 - width)};
    // 10.0.0.1/8 is most likely a typing error for a host or for 10.0.0.0/8.
    const auto bytes = network.base.to_bytes();
    for (int bit = network.prefix; bit < 128; ++bit) {
      if (bytes[bit / 8] & (0x80 >> (bit % 8))) return refuse("has bits set beyond its prefix length");
    }
    proxies.networks_.push_back(network);
  }
  return proxies;
}

bool TrustedProxies::Trusts(const address& value) const {
  const auto bytes = AsV6(value).to_bytes();
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& network) {
    return SamePrefix(bytes, network.base.to_bytes(), network.prefix);
  });
}

ClientOrigin OriginOf(std::string_view peer, bool tls, std::string_view forwarded_for,
                      std::string_view forwarded_proto, const TrustedProxies& proxies) {
  const auto peer_address = ParseAddress(peer);
  ClientOrigin origin{peer_address ? peer_address->to_string() : std::string(peer), tls};
  if (!peer_address || !proxies.Trusts(*peer_address)) return origin;
  // The proxy that terminated the client's connection says how it came:
  // the first value of a list is the one nearest the client.
  const std::string_view proto = Trim(forwarded_proto.substr(0, forwarded_proto.find(',')));
  if (proto.size() == 5 && std::equal(proto.begin(), proto.end(), "https", [](char a, char b) {
        return (a | 0x20) == b;
      })) {
    origin.https = true;
  }
  // Each proxy appends the address it was reached from: the rightmost
  // entries are the ones our own proxies wrote.
  while (!forwarded_for.empty()) {
    const std::size_t comma = forwarded_for.rfind(',');
    const std::string_view entry =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const auto hop = ParseAddress(entry);
    if (!hop) break;
    origin.address = hop->to_string();
    if (!proxies.Trusts(*hop)) break;
  }
  return origin;
}

}  // namespace ombudsflow
