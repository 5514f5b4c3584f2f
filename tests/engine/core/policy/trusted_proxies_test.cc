#include "engine/core/policy/trusted_proxies.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using boost::asio::ip::make_address;
using ::testing::HasSubstr;

TrustedProxies Proxies(std::string_view list) {
  auto parsed = TrustedProxies::Parse(list);
  EXPECT_TRUE(parsed.has_value()) << list;
  return parsed.value_or(TrustedProxies{});
}

TEST(TrustedProxiesTest, ReadsAddressesAndNetworksOfBothFamilies) {
  const TrustedProxies proxies = Proxies("10.0.0.0/8, 192.0.2.7 fd00::/8,::1");
  for (const char* trusted : {"10.1.2.3", "192.0.2.7", "::ffff:10.9.9.9", "fd12::1", "::1"}) {
    EXPECT_TRUE(proxies.Trusts(make_address(trusted))) << trusted;
  }
  for (const char* other : {"11.0.0.1", "192.0.2.8", "fe80::1", "::2", "127.0.0.1"}) {
    EXPECT_FALSE(proxies.Trusts(make_address(other))) << other;
  }
  EXPECT_TRUE(Proxies("").empty());
  EXPECT_TRUE(Proxies("0.0.0.0/0").Trusts(make_address("203.0.113.9")));
}

TEST(TrustedProxiesTest, RefusesWhatIsNoAddressOrNetworkNamingIt) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.1/8", "example.dk", "10.0.0.0/", "10.0.0.0/x", "::/129",
                          "10.0.0.0/8,nope"}) {
    const auto parsed = TrustedProxies::Parse(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(parsed.error().message, HasSubstr("--trusted-proxies: '")) << bad;
  }
}

// The forwarding headers were believed from nobody before; now from the
// proxies named, and from them alone.
TEST(TrustedProxiesTest, ForwardingHeadersCountOnlyFromATrustedPeer) {
  const TrustedProxies proxies = Proxies("10.0.0.0/8");
  const ClientOrigin direct = OriginOf("203.0.113.9", false, "198.51.100.1", "https", proxies);
  EXPECT_EQ(direct.address, "203.0.113.9");
  EXPECT_FALSE(direct.https);

  const ClientOrigin proxied = OriginOf("10.0.0.2", false, "198.51.100.1", "https", proxies);
  EXPECT_EQ(proxied.address, "198.51.100.1");
  EXPECT_TRUE(proxied.https);
  EXPECT_TRUE(OriginOf("10.0.0.2", false, "", "HTTPS, http", proxies).https);
  EXPECT_FALSE(OriginOf("10.0.0.2", false, "", "http", proxies).https);
  EXPECT_FALSE(OriginOf("10.0.0.2", false, "", "", proxies).https);
  EXPECT_EQ(OriginOf("10.0.0.2", false, "", "https", proxies).address, "10.0.0.2");
  EXPECT_TRUE(OriginOf("203.0.113.9", true, "", "http", proxies).https);  // TLS to us
}

TEST(TrustedProxiesTest, TheClientIsTheRightmostAddressNoTrustedProxyWrote) {
  const TrustedProxies proxies = Proxies("10.0.0.0/8");
  // The client wrote the first entry itself; our proxies appended the rest.
  EXPECT_EQ(OriginOf("10.0.0.2", false, "1.2.3.4, 198.51.100.1, 10.0.0.5", "", proxies).address, "198.51.100.1");
  EXPECT_EQ(OriginOf("10.0.0.2", false, "10.0.0.7,10.0.0.5", "", proxies).address, "10.0.0.7");
  EXPECT_EQ(OriginOf("10.0.0.2", false, "198.51.100.1, garbage", "", proxies).address, "10.0.0.2");
  EXPECT_EQ(OriginOf("10.0.0.2", false, "garbage, 198.51.100.1", "", proxies).address, "198.51.100.1");
  EXPECT_EQ(OriginOf("10.0.0.2", false, " ::ffff:198.51.100.1 ", "", proxies).address, "198.51.100.1");
  EXPECT_EQ(OriginOf("::ffff:10.0.0.2", false, "2001:db8::1", "", proxies).address, "2001:db8::1");
}

}  // namespace
}  // namespace ombudsflow
