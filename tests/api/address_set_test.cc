#include "api/address_set.h"

#include <gtest/gtest.h>

namespace ombudsflow::api {
namespace {

net::ip::address At(const char* text) { return net::ip::make_address(text); }

TEST(AddressSet, HoldsAddressesAndNetworksOfBothFamilies) {
  auto set = AddressSet::Parse("127.0.0.1, ::1 10.1.0.0/16  fd00::/8");
  ASSERT_TRUE(set.has_value()) << set.error();
  EXPECT_TRUE(set->Contains(At("127.0.0.1")));
  EXPECT_FALSE(set->Contains(At("127.0.0.2")));
  EXPECT_TRUE(set->Contains(At("::1")));
  EXPECT_TRUE(set->Contains(At("10.1.200.3")));
  EXPECT_FALSE(set->Contains(At("10.2.0.1")));
  EXPECT_TRUE(set->Contains(At("fd12::5")));
  EXPECT_FALSE(set->Contains(At("fe80::1")));
  // An IPv4 peer on an IPv6 socket is its IPv4 address.
  EXPECT_TRUE(set->Contains(At("::ffff:10.1.2.3")));
  EXPECT_EQ(Unmapped(At("::ffff:10.1.2.3")).to_string(), "10.1.2.3");
}

TEST(AddressSet, EmptyTextIsTheEmptySetAndABadEntryIsNamed) {
  auto empty = AddressSet::Parse("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->Contains(At("127.0.0.1")));
  for (const char* bad : {"localhost", "10.0.0.0/33", "1.2.3", "::1/129"}) {
    auto refused = AddressSet::Parse(std::string("127.0.0.1 ") + bad);
    ASSERT_FALSE(refused.has_value()) << bad;
    EXPECT_NE(refused.error().find(bad), std::string::npos) << refused.error();
  }
}

}  // namespace
}  // namespace ombudsflow::api
