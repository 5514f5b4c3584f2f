#include "engine/core/webhooks/webhook_url.h"

#include <gtest/gtest.h>

#include "engine/core/webhooks/address_policy.h"

namespace ombudsflow {
namespace {

TEST(WebhookUrlTest, SplitsHttpsAndHttpUrls) {
  auto url = ParseWebhookUrl("https://Hooks.Example.dk/ombudsman/notices?x=1", nullptr);
  ASSERT_TRUE(url.has_value());
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "hooks.example.dk");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/ombudsman/notices?x=1");

  url = ParseWebhookUrl("http://127.0.0.1:8089", nullptr);
  ASSERT_TRUE(url.has_value());
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->port, 8089);
  EXPECT_EQ(url->target, "/");

  url = ParseWebhookUrl("https://[2001:db8::1]:8443/in", nullptr);
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->host, "2001:db8::1");
  EXPECT_EQ(url->port, 8443);

  url = ParseWebhookUrl("https://example.dk?q", nullptr);
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->target, "/?q");
}

TEST(WebhookUrlTest, RefusesEachMalformedUrlWithAReason) {
  for (const char* bad : {"ftp://example.dk/", "example.dk/hook", "https://", "https://:443/",
                          "https://user:pw@example.dk/", "https://example.dk/#frag",
                          "https://exa mple.dk/", "https://example.dk:0/", "https://example.dk:99999/",
                          "https://example.dk:/", "https://example.dk:8a/", "https://[::1/",
                          "https://ex_ample.dk/", "https://example.dk/\x01"}) {
    std::string why;
    EXPECT_FALSE(ParseWebhookUrl(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(AddressPolicyTest, ClassifiesTheRangesARequestMustNotReach) {
  using boost::asio::ip::make_address;
  EXPECT_EQ(ScopeOf(make_address("93.184.216.34")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("2a00:1450:4001::1")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("127.0.0.1")), AddressScope::kLoopback);
  EXPECT_EQ(ScopeOf(make_address("127.8.9.10")), AddressScope::kLoopback);
  EXPECT_EQ(ScopeOf(make_address("::1")), AddressScope::kLoopback);
  EXPECT_EQ(ScopeOf(make_address("::ffff:127.0.0.1")), AddressScope::kLoopback);
  for (const char* address : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                              "100.64.0.1", "fd12:3456::1"}) {
    EXPECT_EQ(ScopeOf(make_address(address)), AddressScope::kPrivate) << address;
  }
  EXPECT_EQ(ScopeOf(make_address("172.32.0.1")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("169.254.169.254")), AddressScope::kLinkLocal);
  EXPECT_EQ(ScopeOf(make_address("fe80::1")), AddressScope::kLinkLocal);
  for (const char* address : {"0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1", "::",
                              "ff02::1", "2001:db8::1"}) {
    EXPECT_EQ(ScopeOf(make_address(address)), AddressScope::kUnroutable) << address;
  }
}

TEST(AddressPolicyTest, RefusesIpv6TransitionFormsUnderEverySetting) {
  using boost::asio::ip::make_address;
  const AddressPolicy everything{.allow_loopback = true, .allow_private = true};
  for (const char* address : {"::127.0.0.1", "::10.0.0.1", "::93.184.216.34",   // IPv4-compatible
                              "::ffff:0:127.0.0.1", "::ffff:0:169.254.169.254",  // IPv4-translated
                              "64:ff9b::7f00:1", "64:ff9b::169.254.169.254",     // NAT64
                              "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1",           // local NAT64
                              "2002:7f00:1::", "2002:a9fe:a9fe::1",              // 6to4
                              "2001:0:4136:e378:8000:63bf:3fff:fdd2"}) {         // Teredo
    EXPECT_EQ(ScopeOf(make_address(address)), AddressScope::kTransition) << address;
    EXPECT_FALSE(everything.Allows(make_address(address))) << address;
  }
  // Their neighbours stay what they were.
  EXPECT_EQ(ScopeOf(make_address("::1")), AddressScope::kLoopback);
  EXPECT_EQ(ScopeOf(make_address("::")), AddressScope::kUnroutable);
  EXPECT_EQ(ScopeOf(make_address("::ffff:93.184.216.34")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("64:ff9b:2::1")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("2003::1")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("2001:4860::8888")), AddressScope::kPublic);
  EXPECT_EQ(ScopeOf(make_address("2001:db8::1")), AddressScope::kUnroutable);
}

TEST(AddressPolicyTest, AllowsLoopbackAndPrivateOnlyWhenTheDeploymentSaysSo) {
  using boost::asio::ip::make_address;
  const AddressPolicy strict;
  EXPECT_TRUE(strict.Allows(make_address("93.184.216.34")));
  EXPECT_FALSE(strict.Allows(make_address("127.0.0.1")));
  EXPECT_FALSE(strict.Allows(make_address("10.0.0.1")));
  const AddressPolicy loopback{.allow_loopback = true};
  EXPECT_TRUE(loopback.Allows(make_address("127.0.0.1")));
  EXPECT_FALSE(loopback.Allows(make_address("10.0.0.1")));
  const AddressPolicy everything{.allow_loopback = true, .allow_private = true};
  EXPECT_FALSE(everything.Allows(make_address("169.254.169.254")));
}

}  // namespace
}  // namespace ombudsflow
