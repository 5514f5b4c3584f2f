#pragma once

#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/reports/annual_report.h"
#include "engine/core/reports/satisfaction.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A case tagged with a KlarRet theme.
struct ThemeCaseRow {
  std::string theme;
  std::string complaint_id;
  std::string case_number;
  std::string department;
  Date tagged_on;
};

/// What the themes report reads: each theme's count per department, and its
/// newest cases.
struct ThemeRows {
  std::vector<TallySum> counts;  // measure "themes", by department
  std::vector<ThemeCaseRow> cases;
};

/// Reads the sums the event-writing statements keep (sql/0025_reporting.sql).
/// Never writes: reports are read, the events are their only source.
class ReportStore {
 public:
  explicit ReportStore(Database& database) : database_(database) {}

  /// The tallies of the office days from `from` to `to`, both included,
  /// summed per workflow, department, measure, key and value.
  [[nodiscard]] Result<std::vector<TallySum>> Tallies(Date from, Date to);

  /// Moves the tallies writers appended (report_tally_deltas) into the
  /// daily sums, in one statement; returns how many it moved. Any number
  /// of servers may run it at once.
  [[nodiscard]] Result<long long> Compact();

  /// The departments, by code.
  [[nodiscard]] Result<std::vector<DepartmentName>> Departments();

  /// The satisfaction survey's answers of the months from `from`'s to
  /// `to`'s, summed by workflow and outcome, the most answered first.
  [[nodiscard]] Result<std::vector<SurveySums>> Satisfaction(Date from, Date to);

  /// The themes tagged from `from` to `to`: counts per department, and at
  /// most `cases_per_theme` cases of each, newest first.
  [[nodiscard]] Result<ThemeRows> Themes(Date from, Date to, int cases_per_theme);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
