#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ombudsflow/v1/reports.pb.h"

namespace ombudsflow {

/// The smallest group of survey answers the report shows: fewer could be
/// told apart (seed 000 asks for anonymity, never per case).
inline constexpr std::int64_t kSmallestSurveyGroup = 5;

/// The sums of one workflow's and outcome's answers, as the store reads them.
struct SurveySums {
  std::string workflow;
  std::string outcome;
  std::int64_t responses = 0;
  // Per question: the sum of the answers given, and how many gave one.
  std::int64_t understood_sum = 0, understood_count = 0;
  std::int64_t respected_sum = 0, respected_count = 0;
  std::int64_t speed_sum = 0, speed_count = 0;
  std::int64_t overall_sum = 0, overall_count = 0;
};

/// Sets the report's satisfaction groups from `sums`: each group of at
/// least kSmallestSurveyGroup answers with its averages, in the order
/// given; the answers of the smaller groups counted in
/// `satisfaction_hidden` only.
void AddSatisfaction(const std::vector<SurveySums>& sums, v1::AnnualReport& report);

}  // namespace ombudsflow
