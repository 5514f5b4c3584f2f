#include "api/url.h"

#include <gtest/gtest.h>

namespace ombudsflow::api {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusInQueries) {
  EXPECT_EQ(PercentDecode("%C3%98KF", false), "ØKF");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("100%25", false), "100%");
}

TEST(PercentDecode, RefusesBrokenEscapesAndNul) {
  for (std::string_view bad : {"%", "%4", "%zz", "abc%", "%00"}) {
    EXPECT_FALSE(PercentDecode(bad, false).has_value()) << bad;
  }
}

TEST(ParseTarget, SplitsPathAndQuery) {
  auto target = ParseTarget("/v1/complaints?state=received&department=%C3%98KF&page_size=5#x");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/v1/complaints");
  EXPECT_EQ(target->query.size(), 3u);
  EXPECT_EQ(target->query.find("department")->second, "ØKF");
  EXPECT_EQ(target->query.find("page_size")->second, "5");
}

TEST(ParseTarget, KeepsRepeatedAndEmptyParameters) {
  auto target = ParseTarget("/x?a=1&a=2&b=&&c");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->query.count("a"), 2u);
  EXPECT_EQ(target->query.find("b")->second, "");
  EXPECT_EQ(target->query.find("c")->second, "");
}

TEST(ParseTarget, RefusesNonOriginFormAndBadEscapes) {
  EXPECT_FALSE(ParseTarget("http://example.dk/v1").has_value());
  EXPECT_FALSE(ParseTarget("*").has_value());
  EXPECT_FALSE(ParseTarget("").has_value());
  EXPECT_FALSE(ParseTarget("/x?a=%G1").has_value());
  EXPECT_FALSE(ParseTarget("/x?=1").has_value());
}

}  // namespace
}  // namespace ombudsflow::api
