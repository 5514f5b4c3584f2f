#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/meanings.h"
#include "ombudsflow/v1/reports.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The sum of one tally over a period (report_tallies.h), as the store
/// reads it.
struct TallySum {
  std::string workflow;
  std::string department;  // "" for a case with none
  std::string measure;
  std::string key;
  std::int32_t value = 0;
  std::int64_t count = 0;
};

/// A department as the office names it.
struct DepartmentName {
  std::string code;
  std::string name;
};

/// The days a report covers, both included.
struct ReportPeriod {
  Date from;
  Date to;
};

/// The day the office's reporting year begins, e.g. 1 April.
struct YearStart {
  unsigned month = 1;
  unsigned day = 1;
};

/// "MM-DD" as a year start; nullopt for anything else (29 February too:
/// not every year has it).
[[nodiscard]] std::optional<YearStart> ParseYearStart(std::string_view text);

/// The period of a report request: `from` and `to` as YYYY-MM-DD, or both
/// empty for the reporting year `today` falls in. Refused: one without the
/// other, a day that does not exist, `to` before `from`, and a period
/// longer than ten years.
[[nodiscard]] Result<ReportPeriod> ParseReportPeriod(std::string_view from, std::string_view to, Date today,
                                                    YearStart year_start);

/// The annual report from the period's tally sums. The departments named
/// come first, in their order; a department with figures but no name (a
/// retired one) follows under its code. Steps and states are counted by
/// what `meanings` says they mean, never by their names.
[[nodiscard]] v1::AnnualReport BuildAnnualReport(const ReportPeriod& period, const std::vector<TallySum>& sums,
                                                 const std::vector<DepartmentName>& departments,
                                                 const WorkflowMeanings& meanings);

/// Adds to `report` the cases journalised under each KLE main group in the
/// period (the kle_main_group tallies ClassifyCase leaves: a case moved to
/// another main group counts in both), in number order, titled by `kle`; a
/// main group that left the vocabulary keeps its count under its number.
void AddKleMainGroups(const std::vector<TallySum>& sums, const v1::KleVocabulary& kle, v1::AnnualReport& report);

/// The report as CSV (RFC 4180: comma-separated, CRLF, quoted where
/// needed, UTF-8 with a byte-order mark so spreadsheets read the Danish
/// letters), one figure per row: section, department, item, value.
[[nodiscard]] std::string AnnualReportCsv(const v1::AnnualReport& report);

/// The smallest value at least `share` (0.5, 0.9) of the counted
/// observations are at or below, by nearest rank; 0 when there are none.
/// `histogram` maps values to how often they were observed.
[[nodiscard]] std::int32_t NearestRank(const std::vector<std::pair<std::int32_t, std::int64_t>>& histogram,
                                       double share);

}  // namespace ombudsflow
