#include "api/list_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ombudsflow::api {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

TEST(ParseComplaintQuery, DefaultsToTheFirstPageOfEverything) {
  auto query = ParseComplaintQuery({});
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->page_size, kDefaultPageSize);
  EXPECT_TRUE(query->state.empty());
  EXPECT_TRUE(query->department.empty());
  EXPECT_FALSE(query->after.has_value());
}

TEST(ParseComplaintQuery, ReadsFilters) {
  auto query = ParseComplaintQuery({{"state", "received"}, {"department", "BUF"}, {"page_size", "5"}});
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->state, "received");
  EXPECT_EQ(query->department, "BUF");
  EXPECT_EQ(query->page_size, 5);
}

TEST(ParseComplaintQuery, ReadsTheOverdueFilter) {
  auto overdue = ParseComplaintQuery({{"overdue", "true"}});
  ASSERT_TRUE(overdue.has_value()) << overdue.error().message;
  EXPECT_TRUE(overdue->overdue);
  auto not_overdue = ParseComplaintQuery({{"overdue", "false"}});
  ASSERT_TRUE(not_overdue.has_value());
  EXPECT_FALSE(not_overdue->overdue);
  EXPECT_FALSE(ParseComplaintQuery({}).value().overdue);
}

TEST(ParseComplaintQuery, CapsThePageSize) {
  EXPECT_EQ(ParseComplaintQuery({{"page_size", "100000"}}).value().page_size, kMaxPageSize);
}

TEST(ParseNoticeQuery, ReadsStateDepartmentAndPaging) {
  auto query = ParseNoticeQuery({{"state", "pending"}, {"department", "BUF"}, {"page_size", "3"}});
  ASSERT_TRUE(query.has_value()) << query.error().message;
  EXPECT_TRUE(query->pending_only);
  EXPECT_EQ(query->department, "BUF");
  EXPECT_EQ(query->page_size, 3);
  EXPECT_FALSE(ParseNoticeQuery({{"state", "all"}}).value().pending_only);
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"state", "delivered"}, {"page_size", "0"}, {"page_token", "x"}, {"colour", "red"}}) {
    auto bad = ParseNoticeQuery({{key, value}});
    ASSERT_FALSE(bad.has_value()) << key;
    EXPECT_EQ(bad.error().field_violations.at(0).field, key);
  }
}

TEST(ParseComplaintQuery, RoundTripsPageTokens) {
  PageCursor cursor{FromUnixMicros(1'795'000'000'000'042), "c0ffee00-0000-4000-8000-000000000001"};
  auto query = ParseComplaintQuery({{"page_token", EncodePageToken(cursor)}});
  ASSERT_TRUE(query.has_value());
  ASSERT_TRUE(query->after.has_value());
  EXPECT_EQ(query->after->created_at, cursor.created_at);
  EXPECT_EQ(query->after->id, cursor.id);
}

TEST(ParseComplaintQuery, ReadsASearchAndRoundTripsItsRankedPageTokens) {
  PageCursor cursor{FromUnixMicros(1'795'000'000'000'042), "c0ffee00-0000-4000-8000-000000000001", 0.0607927106320858};
  auto query = ParseComplaintQuery({{"q", "klager over forvaltningens svar"}, {"page_token", EncodePageToken(cursor)}});
  ASSERT_TRUE(query.has_value()) << query.error().message;
  EXPECT_EQ(query->text, "klager over forvaltningens svar");
  ASSERT_TRUE(query->after.has_value());
  EXPECT_EQ(query->after->id, cursor.id);
  EXPECT_EQ(query->after->rank, cursor.rank);  // exactly: the shortest text that reads back the same
}

// A search continues by rank, a list by time: each one's token is refused
// by the other, rather than skipping or repeating cases.
TEST(ParseComplaintQuery, RefusesAPageTokenOfTheOtherKindOfQuery) {
  PageCursor by_time{FromUnixMicros(1'795'000'000'000'042), "c0ffee00-0000-4000-8000-000000000001"};
  PageCursor by_rank = by_time;
  by_rank.rank = 0.5;
  auto search = ParseComplaintQuery({{"q", "klage"}, {"page_token", EncodePageToken(by_time)}});
  ASSERT_FALSE(search.has_value());
  EXPECT_EQ(search.error().field_violations.at(0).field, "page_token");
  auto list = ParseComplaintQuery({{"page_token", EncodePageToken(by_rank)}});
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().field_violations.at(0).field, "page_token");
}

struct BadParam {
  std::string key;
  std::string value;
};

void PrintTo(const BadParam& c, std::ostream* os) { *os << c.key << "=" << c.value; }

class BadQueryTest : public ::testing::TestWithParam<BadParam> {};

TEST_P(BadQueryTest, IsRefusedNamingTheParameter) {
  auto query = ParseComplaintQuery({{GetParam().key, GetParam().value}});
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(query.error().field_violations,
              ElementsAre(Field(&FieldViolation::field, GetParam().key)));
}

INSTANTIATE_TEST_SUITE_P(EachDefect, BadQueryTest,
                         ::testing::Values(BadParam{"page_size", "0"}, BadParam{"page_size", "-3"},
                                           BadParam{"page_size", "ten"}, BadParam{"page_size", "5x"},
                                           BadParam{"page_token", "garbage"},
                                           BadParam{"page_token", "12.not-a-uuid"},
                                           BadParam{"state", "Not A State"},
                                           BadParam{"department", ""},
                                           BadParam{"overdue", "yes"},
                                           BadParam{"q", std::string(201, 'a')},
                                           BadParam{"q", "two\nlines"},
                                           BadParam{"q", "\xff\xfe"},
                                           BadParam{"page_token", "12.c0ffee00-0000-4000-8000-000000000001.-1"},
                                           BadParam{"page_token", "12.c0ffee00-0000-4000-8000-000000000001.nan"},
                                           BadParam{"colour", "blue"}));

TEST(ParseComplaintQuery, RefusesARepeatedParameter) {
  auto query = ParseComplaintQuery({{"state", "received"}, {"state", "closed"}});
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().field_violations.at(0).field, "state");
}

}  // namespace
}  // namespace ombudsflow::api
