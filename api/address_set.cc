#include "api/address_set.h"

#include <algorithm>

namespace ombudsflow::api {

std::expected<AddressSet, std::string> AddressSet::Parse(std::string_view text) {
  AddressSet set;
  std::string entries(text);
  std::replace(entries.begin(), entries.end(), ',', ' ');
  std::size_t at = 0;
  while (at < entries.size()) {
    const std::size_t start = entries.find_first_not_of(' ', at);
    if (start == std::string::npos) break;
    const std::size_t end = std::min(entries.find(' ', start), entries.size());
    const std::string entry = entries.substr(start, end - start);
    at = end;
    const std::string network = entry.find('/') == std::string::npos
                                    ? entry + (entry.find(':') == std::string::npos ? "/32" : "/128")
                                    : entry;
    boost::system::error_code ec;
    if (network.find(':') == std::string::npos) {
      auto parsed = net::ip::make_network_v4(network, ec);
      if (!ec) set.v4_.push_back(parsed.canonical());
    } else {
      auto parsed = net::ip::make_network_v6(network, ec);
      if (!ec) set.v6_.push_back(parsed.canonical());
    }
    if (ec) return std::unexpected("'" + entry + "' is not an IP address or ADDRESS/PREFIX network");
  }
  return set;
}

bool AddressSet::Contains(const net::ip::address& address) const {
  const net::ip::address peer = Unmapped(address);
  if (peer.is_v4()) {
    return std::any_of(v4_.begin(), v4_.end(), [&](const net::ip::network_v4& network) {
      return net::ip::network_v4(peer.to_v4(), network.prefix_length()).canonical() == network;
    });
  }
  return std::any_of(v6_.begin(), v6_.end(), [&](const net::ip::network_v6& network) {
    return net::ip::network_v6(peer.to_v6(), network.prefix_length()).canonical() == network;
  });
}

net::ip::address Unmapped(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace ombudsflow::api
