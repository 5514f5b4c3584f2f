#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// The reverse proxies (serve --trusted-proxies) whose word the server takes
/// on where a request came from: X-Forwarded-For and X-Forwarded-Proto are
/// anybody's to write, so they count only when the connection itself comes
/// from one of these.
class TrustedProxies {
 public:
  /// None: every forwarding header is ignored.
  TrustedProxies() = default;

  /// `list`: addresses and networks ("10.0.0.0/8", "192.0.2.7", "::1",
  /// "fd00::/8") separated by commas or spaces. kInvalidArgument naming the
  /// first entry that is neither (a bad prefix length, host bits set).
  [[nodiscard]] static Result<TrustedProxies> Parse(std::string_view list);

  [[nodiscard]] bool Trusts(const boost::asio::ip::address& address) const;
  [[nodiscard]] bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    boost::asio::ip::address_v6 base;  // IPv4 as IPv4-mapped
    int prefix = 128;                  // of the 128 bits
  };
  std::vector<Network> networks_;
};

/// Where a request came from, as far as the server can know.
struct ClientOrigin {
  std::string address;  // the client's IP address (IPv4-mapped IPv6 as IPv4)
  bool https = false;   // the client reached us, or a trusted proxy, over TLS
};

/// The origin of a request that arrived from `peer` (the socket's address)
/// over TLS when `tls`. Only when `peer` is a trusted proxy:
/// `forwarded_for` (X-Forwarded-For, repeated headers joined by commas) is
/// read from the right, skipping trusted proxies, and the first other
/// address is the client's; `forwarded_proto` (X-Forwarded-Proto) "https"
/// makes it https. An entry that is no address ends the walk at the last
/// good one.
[[nodiscard]] ClientOrigin OriginOf(std::string_view peer, bool tls, std::string_view forwarded_for,
                                    std::string_view forwarded_proto, const TrustedProxies& proxies);

}  // namespace ombudsflow
