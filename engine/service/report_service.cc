#include "engine/service/report_service.h"

#include <algorithm>
#include <map>

#include "engine/core/base/iso_date.h"

namespace ombudsflow::service {
namespace {

// The newest cases each theme links to.
constexpr int kCasesPerTheme = 100;

std::string LabelOf(const v1::ThemeVocabulary& vocabulary, const std::string& id) {
  for (const auto& theme : vocabulary.theme()) {
    if (theme.id() == id) return theme.label().da();
  }
  return id;
}

}  // namespace

Result<v1::AnnualReport> ReportService::Annual(const Actor&, std::string_view from, std::string_view to) {
  auto period = ParseReportPeriod(from, to, clock_.LocalDate(clock_.Now()), options_.year_start);
  if (!period) return std::unexpected(period.error());
  auto sums = store_.Tallies(period->from, period->to);
  if (!sums) return std::unexpected(sums.error());
  auto departments = store_.Departments();
  if (!departments) return std::unexpected(departments.error());
  v1::AnnualReport report = BuildAnnualReport(*period, *sums, *departments, meanings_);
  AddKleMainGroups(*sums, kle_, report);
  auto satisfaction = store_.Satisfaction(period->from, period->to);
  if (!satisfaction) return std::unexpected(satisfaction.error());
  AddSatisfaction(*satisfaction, report);
  return report;
}

Result<v1::ThemesReport> ReportService::Themes(const Actor&, std::string_view from, std::string_view to) {
  auto period = ParseReportPeriod(from, to, clock_.LocalDate(clock_.Now()), options_.year_start);
  if (!period) return std::unexpected(period.error());
  auto rows = store_.Themes(period->from, period->to, kCasesPerTheme);
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, std::map<std::string, std::int64_t>> by_theme;
  for (const auto& count : rows->counts) by_theme[count.key][count.department] += count.count;
  std::vector<v1::ThemeFigures> themes;
  for (const auto& [theme, departments] : by_theme) {
    v1::ThemeFigures figures;
    figures.set_theme(theme);
    figures.set_label(LabelOf(themes_, theme));
    std::vector<std::pair<std::string, std::int64_t>> sorted(departments.begin(), departments.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [department, count] : sorted) {
      figures.set_count(figures.count() + count);
      auto& added = *figures.add_departments();
      added.set_key(department);
      added.set_count(count);
    }
    for (const auto& row : rows->cases) {
      if (row.theme != theme) continue;
      auto& linked = *figures.add_cases();
      linked.set_complaint_id(row.complaint_id);
      linked.set_case_number(row.case_number);
      linked.set_department(row.department);
      linked.set_tagged_on(FormatIsoDate(row.tagged_on));
    }
    themes.push_back(std::move(figures));
  }
  std::stable_sort(themes.begin(), themes.end(), [](const auto& a, const auto& b) { return a.count() > b.count(); });
  v1::ThemesReport report;
  report.set_from_date(FormatIsoDate(period->from));
  report.set_to_date(FormatIsoDate(period->to));
  for (auto& theme : themes) *report.add_themes() = std::move(theme);
  return report;
}

}  // namespace ombudsflow::service
