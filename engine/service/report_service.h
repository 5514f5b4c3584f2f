#pragma once

#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/reports/annual_report.h"
#include "engine/store/report_store.h"
#include "ombudsflow/v1/reports.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow::service {

/// The office's reports: the annual report to the city council and the
/// KlarRet themes, for any period, from the sums of the events' tallies.
class ReportService {
 public:
  struct Options {
    // The day the office's reporting year begins (a request without days
    // gets the year today falls in).
    YearStart year_start;
  };

  /// `meanings` are those of every loaded definition: the report counts
  /// steps by what they mean, whatever each version calls them.
  ReportService(store::ReportStore& store, const v1::ThemeVocabulary& themes, const v1::KleVocabulary& kle,
                WorkflowMeanings meanings,
                const Clock& clock, Options options)
      : store_(store), themes_(themes), kle_(kle), meanings_(std::move(meanings)), clock_(clock), options_(options) {}

  /// The annual report of `from`..`to` (YYYY-MM-DD, both included), or of
  /// this reporting year when both are empty. kInvalidArgument for a bad
  /// period (ParseReportPeriod).
  [[nodiscard]] Result<v1::AnnualReport> Annual(const Actor& actor, std::string_view from, std::string_view to);

  /// The themes of the same kind of period, most frequent first, each with
  /// its departments and newest cases.
  [[nodiscard]] Result<v1::ThemesReport> Themes(const Actor& actor, std::string_view from, std::string_view to);

 private:
  store::ReportStore& store_;
  const v1::ThemeVocabulary& themes_;
  const v1::KleVocabulary& kle_;
  WorkflowMeanings meanings_;
  const Clock& clock_;
  Options options_;
};

}  // namespace ombudsflow::service
