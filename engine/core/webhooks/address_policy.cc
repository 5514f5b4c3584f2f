#include "engine/core/webhooks/address_policy.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

namespace ombudsflow {
namespace {

using boost::asio::ip::address;
using boost::asio::ip::address_v4;
using boost::asio::ip::address_v6;

bool InV4(std::uint32_t value, std::uint32_t network, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (value & mask) == network;
}

AddressScope ScopeOfV4(const address_v4& v4) {
  const std::uint32_t a = v4.to_uint();
  if (InV4(a, 0x7F000000, 8)) return AddressScope::kLoopback;
  if (InV4(a, 0x0A000000, 8) || InV4(a, 0xAC100000, 12) || InV4(a, 0xC0A80000, 16) ||
      InV4(a, 0x64400000, 10)) {
    return AddressScope::kPrivate;
  }
  if (InV4(a, 0xA9FE0000, 16)) return AddressScope::kLinkLocal;
  if (InV4(a, 0x00000000, 8) || InV4(a, 0xE0000000, 4) || InV4(a, 0xF0000000, 4) ||
      InV4(a, 0xC0000000, 24) || InV4(a, 0xC0000200, 24) || InV4(a, 0xC6336400, 24) ||
      InV4(a, 0xCB007100, 24) || InV4(a, 0xC6120000, 15)) {
    return AddressScope::kUnroutable;
  }
  return AddressScope::kPublic;
}

bool StartsWith(const address_v6::bytes_type& bytes, std::initializer_list<unsigned char> prefix) {
  return std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

// Checked after loopback and unspecified, which share ::/96 with the
// IPv4-compatible form.
bool IsTransition(const address_v6::bytes_type& bytes) {
  return StartsWith(bytes, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) ||           // ::/96
         StartsWith(bytes, {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0}) ||     // ::ffff:0:0/96
         StartsWith(bytes, {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0}) ||  // 64:ff9b::/96
         StartsWith(bytes, {0, 0x64, 0xFF, 0x9B, 0, 0x01}) ||                 // 64:ff9b:1::/48
         StartsWith(bytes, {0x20, 0x02}) ||                                   // 6to4
         StartsWith(bytes, {0x20, 0x01, 0, 0});                               // Teredo
}

AddressScope ScopeOfV6(const address_v6& v6) {
  if (v6.is_v4_mapped()) return ScopeOfV4(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6));
  if (v6.is_loopback()) return AddressScope::kLoopback;
  if (v6.is_unspecified() || v6.is_multicast()) return AddressScope::kUnroutable;
  const auto bytes = v6.to_bytes();
  if (IsTransition(bytes)) return AddressScope::kTransition;
  if ((bytes[0] & 0xFE) == 0xFC) return AddressScope::kPrivate;  // fc00::/7
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) return AddressScope::kLinkLocal;
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) {
    return AddressScope::kUnroutable;  // 2001:db8::/32, documentation
  }
  return AddressScope::kPublic;
}

}  // namespace

AddressScope ScopeOf(const address& address) {
  return address.is_v4() ? ScopeOfV4(address.to_v4()) : ScopeOfV6(address.to_v6());
}

std::string_view Describe(AddressScope scope) {
  switch (scope) {
    case AddressScope::kPublic: return "a public address";
    case AddressScope::kLoopback: return "a loopback address";
    case AddressScope::kPrivate: return "a private network address";
    case AddressScope::kLinkLocal: return "a link-local address";
    case AddressScope::kUnroutable: return "a reserved or unroutable address";
    case AddressScope::kTransition: return "an IPv6 transition address (IPv4-compatible, NAT64, 6to4 or Teredo)";
  }
  return "an unknown address";
}

bool AddressPolicy::Allows(const address& address) const {
  switch (ScopeOf(address)) {
    case AddressScope::kPublic: return true;
    case AddressScope::kLoopback: return allow_loopback;
    case AddressScope::kPrivate: return allow_private;
    case AddressScope::kLinkLocal:
    case AddressScope::kUnroutable:
    case AddressScope::kTransition: return false;
  }
  return false;
}

}  // namespace ombudsflow
