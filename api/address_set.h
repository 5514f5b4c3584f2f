#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace ombudsflow::api {

/// A set of IP addresses and networks ("127.0.0.1 ::1 10.0.0.0/8"), for the
/// peers the per-address connection limit leaves alone. An IPv4 peer seen
/// through an IPv6 socket (::ffff:10.0.0.1) counts as its IPv4 address.
class AddressSet {
 public:
  /// Addresses and ADDRESS/PREFIX networks, separated by spaces or commas;
  /// an empty text is the empty set. The message names the first bad entry.
  [[nodiscard]] static std::expected<AddressSet, std::string> Parse(std::string_view text);

  [[nodiscard]] bool Contains(const net::ip::address& address) const;

 private:
  std::vector<net::ip::network_v4> v4_;
  std::vector<net::ip::network_v6> v6_;
};

/// `address`, as IPv4 when it is an IPv4-mapped IPv6 address.
[[nodiscard]] net::ip::address Unmapped(const net::ip::address& address);

}  // namespace ombudsflow::api
