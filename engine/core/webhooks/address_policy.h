#pragma once

#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace ombudsflow {

/// Where an address leads, for refusing webhook URLs that would make the
/// server call into its own network (server-side request forgery).
enum class AddressScope {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918, 100.64.0.0/10 (carrier-grade NAT), fc00::/7
  kLinkLocal,    // 169.254.0.0/16 (cloud metadata lives here), fe80::/10
  kUnroutable,   // unspecified, multicast, broadcast, reserved, documentation
  // IPv6 forms that carry an IPv4 address to a translator or tunnel:
  // ::a.b.c.d (IPv4-compatible), ::ffff:0:a.b.c.d (IPv4-translated),
  // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64), 2002::/16 (6to4), 2001::/32
  // (Teredo). Where they lead depends on a gateway, not on the address, so
  // no deployment setting lets a webhook reach them.
  kTransition,
};

[[nodiscard]] AddressScope ScopeOf(const boost::asio::ip::address& address);

[[nodiscard]] std::string_view Describe(AddressScope scope);

/// What a deployment lets webhooks reach besides public addresses.
struct AddressPolicy {
  bool allow_loopback = false;  // tests and single-host setups
  bool allow_private = false;   // receivers inside the municipality's network

  [[nodiscard]] bool Allows(const boost::asio::ip::address& address) const;
};

}  // namespace ombudsflow
