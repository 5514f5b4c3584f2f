#include "engine/core/reports/annual_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/base/iso_date.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Date D(const char* text) { return *ParseIsoDate(text); }

TEST(NearestRank, IsTheSmallestValueThatEnoughObservationsAreAtOrBelow) {
  // 1, 2, 2, 3, 10: the median is the 3rd (2), the 90th percentile the 5th.
  const std::vector<std::pair<std::int32_t, std::int64_t>> histogram = {{1, 1}, {2, 2}, {3, 1}, {10, 1}};
  EXPECT_EQ(NearestRank(histogram, 0.5), 2);
  EXPECT_EQ(NearestRank(histogram, 0.9), 10);
  EXPECT_EQ(NearestRank({{4, 10}}, 0.9), 4);
  EXPECT_EQ(NearestRank({}, 0.5), 0);
  // Ten observations 1..10: ranks 5 and 9.
  std::vector<std::pair<std::int32_t, std::int64_t>> ten;
  for (int v = 1; v <= 10; ++v) ten.push_back({v, 1});
  EXPECT_EQ(NearestRank(ten, 0.5), 5);
  EXPECT_EQ(NearestRank(ten, 0.9), 9);
}

TEST(ReportPeriod, WithoutDaysItIsTheReportingYearTodayFallsIn) {
  const YearStart april = *ParseYearStart("04-01");
  auto period = ParseReportPeriod("", "", D("2026-12-01"), april);
  ASSERT_TRUE(period.has_value());
  EXPECT_EQ(period->from, D("2026-04-01"));
  EXPECT_EQ(period->to, D("2027-03-31"));
  period = ParseReportPeriod("", "", D("2026-03-31"), april);
  EXPECT_EQ(period->from, D("2025-04-01"));
  EXPECT_EQ(period->to, D("2026-03-31"));
  period = ParseReportPeriod("", "", D("2026-12-01"), YearStart{});
  EXPECT_EQ(period->from, D("2026-01-01"));
  EXPECT_EQ(period->to, D("2026-12-31"));
}

TEST(ReportPeriod, RefusesBadPeriodsWithTheFieldNamed) {
  const Date today = D("2026-12-01");
  for (const auto& [from, to, field] : std::vector<std::tuple<const char*, const char*, const char*>>{
           {"2026-01-01", "", "to"},
           {"", "2026-01-01", "from"},
           {"2026-02-30", "2026-03-01", "from"},
           {"2026-01-01", "31-12-2026", "to"},
           {"2026-06-01", "2026-05-31", "to"},
           {"2000-01-01", "2026-01-01", "to"}}) {
    auto period = ParseReportPeriod(from, to, today, {});
    ASSERT_FALSE(period.has_value()) << from << ".." << to;
    EXPECT_EQ(period.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(period.error().field_violations.size(), 1u);
    EXPECT_EQ(period.error().field_violations[0].field, field) << from << ".." << to;
  }
  EXPECT_TRUE(ParseReportPeriod("2026-06-01", "2026-06-01", today, {}).has_value());
}

TEST(YearStart, IsAMonthAndADayEveryYearHas) {
  EXPECT_TRUE(ParseYearStart("04-01").has_value());
  EXPECT_TRUE(ParseYearStart("12-31").has_value());
  for (const char* bad : {"02-29", "13-01", "04-31", "4-1", "04/01", "0a-01", ""}) {
    EXPECT_FALSE(ParseYearStart(bad).has_value()) << bad;
  }
}

TEST(AnnualReport, DepartmentsFiguresComeFromTheirTalliesAndTheOfficeFromAll) {
  const std::vector<TallySum> sums = {
      {"complaint", "BUF", "received", "EMAIL", 0, 4},
      {"complaint", "BUF", "received", "LETTER", 0, 1},
      {"complaint", "SOF", "received", "EMAIL", 0, 2},
      {"own_initiative", "SOF", "received", "OWN_INITIATIVE", 0, 1},
      {"complaint", "BUF", "outcome", "criticism", 0, 1},
      {"complaint", "BUF", "outcome", "no_criticism", 0, 3},
      {"complaint", "SOF", "outcome", "serious_criticism", 0, 1},
      {"complaint", "BUF", "chain_exit", "hearing:record_department_answer", 9, 2},
      {"complaint", "BUF", "chain_exit", "hearing_reminded:record_department_answer", 18, 1},
      {"complaint", "BUF", "chain_exit", "awaiting_dialogue:citizen_returns", 3, 5},
      {"complaint", "XYZ", "received", "PHONE", 0, 1},  // a department since retired
      {"complaint", "BUF", "transition", "decline_investigation", 0, 3},
      {"complaint", "BUF", "decline_reason", "little_citizen_gain", 0, 1},
      {"complaint", "BUF", "compliance", "complied", 0, 3},
      {"complaint", "BUF", "compliance", "partly", 0, 1},
  };
  const auto report = BuildAnnualReport({D("2026-01-01"), D("2026-12-31")}, sums,
                                         {{"BUF", "Børne- og Ungdomsforvaltningen"}, {"SOF", "Socialforvaltningen"}},
                                         testing::ShippedMeanings());
  EXPECT_EQ(report.from_date(), "2026-01-01");
  EXPECT_EQ(report.received(), 9);
  ASSERT_EQ(report.departments_size(), 3);
  const auto& buf = report.departments(0);
  EXPECT_EQ(buf.department(), "BUF");
  EXPECT_EQ(buf.complaints_received(), 5);
  EXPECT_DOUBLE_EQ(buf.upheld_rate(), 0.25);
  EXPECT_EQ(buf.hearings_answered_on_time(), 2);
  EXPECT_EQ(buf.hearings_answered_after_reminder(), 1);
  EXPECT_EQ(buf.hearing_response_median_working_days(), 9);
  EXPECT_EQ(buf.hearing_response_p90_working_days(), 18);
  EXPECT_DOUBLE_EQ(buf.compliance_rate(), 0.75);
  EXPECT_EQ(report.departments(1).complaints_received(), 2);  // own-initiative is not a complaint
  EXPECT_DOUBLE_EQ(report.departments(1).upheld_rate(), 1.0);
  EXPECT_EQ(report.departments(2).department(), "XYZ");
  EXPECT_EQ(report.departments(2).name(), "XYZ");
  EXPECT_EQ(report.all_departments().complaints_received(), 8);
  EXPECT_DOUBLE_EQ(report.all_departments().upheld_rate(), 2.0 / 5.0);
  ASSERT_EQ(report.complaints_by_channel_size(), 3);
  EXPECT_EQ(report.complaints_by_channel(0).key(), "EMAIL");
  EXPECT_EQ(report.complaints_by_channel(0).count(), 6);
  // Declines without a recorded reason are counted as such.
  ASSERT_EQ(report.decline_reasons_size(), 2);
  EXPECT_EQ(report.decline_reasons(0).key(), "not_recorded");
  EXPECT_EQ(report.decline_reasons(0).count(), 2);
  EXPECT_EQ(report.own_initiative_proposed(), 1);
}

TEST(AnnualReportCsv, IsQuotedWhereNeededAndDefusesFormulas) {
  v1::AnnualReport report;
  report.set_from_date("2026-01-01");
  auto& department = *report.add_departments();
  department.set_department("BUF");
  department.set_name("=HYPERLINK(\"http://x\"), \"Børn\"");
  department.set_upheld_rate(1.0 / 3.0);
  const std::string csv = AnnualReportCsv(report);
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBFsection,department,item,value\r\n"));
  EXPECT_THAT(csv, HasSubstr("department,BUF,name,\"'=HYPERLINK(\"\"http://x\"\"), \"\"Børn\"\"\"\r\n"));
  EXPECT_THAT(csv, HasSubstr("department,BUF,upheld_rate,0.3333\r\n"));
  EXPECT_THAT(csv, HasSubstr("period,,from,2026-01-01\r\n"));
}

}  // namespace
}  // namespace ombudsflow
