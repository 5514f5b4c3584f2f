#include "api/router.h"

#include <gtest/gtest.h>

namespace ombudsflow::api {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add(http::verb::post, "/v1/complaints", 1);
    router_.Add(http::verb::get, "/v1/complaints", 2);
    router_.Add(http::verb::get, "/v1/complaints/{id}", 3);
    router_.Add(http::verb::get, "/v1/complaints/{id}/events", 4);
    router_.Add(http::verb::post, "/v1/notices/{id}:acknowledge", 5);
    router_.Add(http::verb::get, "/static/{version}/{file...}", 6);
  }
  Router<int> router_;
};

TEST_F(RouterTest, MatchesLiteralRoutesByMethod) {
  auto post = router_.Find(http::verb::post, "/v1/complaints");
  ASSERT_NE(post.handler, nullptr);
  EXPECT_EQ(*post.handler, 1);
  auto get = router_.Find(http::verb::get, "/v1/complaints");
  ASSERT_NE(get.handler, nullptr);
  EXPECT_EQ(*get.handler, 2);
}

TEST_F(RouterTest, CapturesDecodedParameters) {
  auto match = router_.Find(http::verb::get, "/v1/complaints/abc%2Ddef/events");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, 4);
  EXPECT_EQ(match.params.at("id"), "abc-def");
}

TEST_F(RouterTest, MatchesCustomVerbs) {
  auto match = router_.Find(http::verb::post, "/v1/notices/42:acknowledge");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, 5);
  EXPECT_EQ(match.params.at("id"), "42");
  EXPECT_EQ(router_.Find(http::verb::post, "/v1/notices/42:delete").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::post, "/v1/notices/:acknowledge").handler, nullptr);
}

TEST_F(RouterTest, TellsUnknownPathsFromWrongMethods) {
  auto unknown = router_.Find(http::verb::get, "/v1/nothing");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_TRUE(unknown.allowed.empty());

  auto wrong_method = router_.Find(http::verb::delete_, "/v1/complaints");
  EXPECT_EQ(wrong_method.handler, nullptr);
  EXPECT_EQ(wrong_method.allowed,
            (std::vector<http::verb>{http::verb::post, http::verb::get}));
}

TEST_F(RouterTest, RefusesSegmentsThatDecodeToSlashesOrNothing) {
  EXPECT_EQ(router_.Find(http::verb::get, "/v1/complaints/a%2Fb").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/v1/complaints/%zz").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/v1/complaints/a/b/c").handler, nullptr);
}

TEST_F(RouterTest, IgnoresATrailingSlashOnlyAsAnEmptySegment) {
  // "/v1/complaints/" has an empty id segment: no match rather than a list.
  EXPECT_EQ(router_.Find(http::verb::get, "/v1/complaints/").handler, nullptr);
}

TEST_F(RouterTest, ARestSegmentCapturesTheRemainingSegmentsAndNoDotSegments) {
  auto match = router_.Find(http::verb::get, "/static/abc/dkfds/css/dkfds%2Emin.css");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, 6);
  EXPECT_EQ(match.params["version"], "abc");
  EXPECT_EQ(match.params["file"], "dkfds/css/dkfds.min.css");
  EXPECT_EQ(router_.Find(http::verb::get, "/static/abc").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/static/abc/../x").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/static/abc/%2E%2E/x").handler, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/static/abc/a%2Fb").handler, nullptr);
}

}  // namespace
}  // namespace ombudsflow::api
