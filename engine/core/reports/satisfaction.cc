#include "engine/core/reports/satisfaction.h"

namespace ombudsflow {
namespace {

double Average(std::int64_t sum, std::int64_t count) {
  return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
}

}  // namespace

void AddSatisfaction(const std::vector<SurveySums>& sums, v1::AnnualReport& report) {
  report.clear_satisfaction();
  std::int64_t hidden = 0;
  for (const SurveySums& group : sums) {
    if (group.responses < kSmallestSurveyGroup) {
      hidden += group.responses;
      continue;
    }
    v1::SatisfactionGroup* shown = report.add_satisfaction();
    shown->set_workflow(group.workflow);
    shown->set_outcome(group.outcome);
    shown->set_responses(group.responses);
    shown->set_understood(Average(group.understood_sum, group.understood_count));
    shown->set_respected(Average(group.respected_sum, group.respected_count));
    shown->set_speed(Average(group.speed_sum, group.speed_count));
    shown->set_overall(Average(group.overall_sum, group.overall_count));
  }
  report.set_satisfaction_hidden(hidden);
}

}  // namespace ombudsflow
