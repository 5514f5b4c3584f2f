#include "engine/core/reports/satisfaction.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

SurveySums Group(const std::string& outcome, std::int64_t responses, std::int64_t understood_sum,
                 std::int64_t understood_count) {
  SurveySums sums;
  sums.workflow = "complaint";
  sums.outcome = outcome;
  sums.responses = responses;
  sums.understood_sum = understood_sum;
  sums.understood_count = understood_count;
  return sums;
}

TEST(SatisfactionTest, OnlyGroupsOfFiveOrMoreAreShownAndTheSmallerOnesAreCountedTogether) {
  v1::AnnualReport report;
  AddSatisfaction({Group("closed", 7, 30, 6), Group("withdrawn", 4, 20, 4), Group("referred", 1, 5, 1)}, report);
  ASSERT_EQ(report.satisfaction_size(), 1);
  EXPECT_EQ(report.satisfaction(0).outcome(), "closed");
  EXPECT_EQ(report.satisfaction(0).responses(), 7);
  // Averaged over those who answered the question.
  EXPECT_DOUBLE_EQ(report.satisfaction(0).understood(), 5.0);
  // Nobody answered it: 0, which the pages show as a dash.
  EXPECT_DOUBLE_EQ(report.satisfaction(0).speed(), 0.0);
  EXPECT_EQ(report.satisfaction_hidden(), 5);
}

TEST(SatisfactionTest, FourIsNeverShownFiveIs) {
  v1::AnnualReport report;
  AddSatisfaction({Group("closed", kSmallestSurveyGroup - 1, 4, 1)}, report);
  EXPECT_EQ(report.satisfaction_size(), 0);
  EXPECT_EQ(report.satisfaction_hidden(), kSmallestSurveyGroup - 1);
  AddSatisfaction({Group("closed", kSmallestSurveyGroup, 4, 1)}, report);
  EXPECT_EQ(report.satisfaction_size(), 1);
  EXPECT_EQ(report.satisfaction_hidden(), 0);
}

}  // namespace
}  // namespace ombudsflow
