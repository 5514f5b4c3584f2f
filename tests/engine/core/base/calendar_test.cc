#include "engine/core/base/calendar.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using namespace std::chrono;

Date D(int y, unsigned m, unsigned d) { return sys_days(year(y) / month(m) / day(d)); }

TEST(EasterSunday, MatchesKnownDates) {
  EXPECT_EQ(sys_days(EasterSunday(year(2024))), D(2024, 3, 31));
  EXPECT_EQ(sys_days(EasterSunday(year(2025))), D(2025, 4, 20));
  EXPECT_EQ(sys_days(EasterSunday(year(2026))), D(2026, 4, 5));
  EXPECT_EQ(sys_days(EasterSunday(year(2027))), D(2027, 3, 28));
  EXPECT_EQ(sys_days(EasterSunday(year(2038))), D(2038, 4, 25));  // the latest possible
  EXPECT_EQ(sys_days(EasterSunday(year(2285))), D(2285, 3, 22));  // the earliest possible
}

TEST(HolidayCalendar, KnowsTheDanishHolidaysOf2026) {
  const auto calendar = HolidayCalendar::Danish();
  for (Date holiday : {D(2026, 1, 1), D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 5), D(2026, 4, 6),
                       D(2026, 5, 14), D(2026, 5, 24), D(2026, 5, 25), D(2026, 6, 5),
                       D(2026, 12, 24), D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 31)}) {
    EXPECT_TRUE(calendar.IsHoliday(holiday)) << holiday.time_since_epoch().count();
    EXPECT_FALSE(calendar.IsWorkingDay(holiday)) << holiday.time_since_epoch().count();
  }
  EXPECT_FALSE(calendar.IsHoliday(D(2026, 4, 7)));
}

TEST(HolidayCalendar, GreatPrayerDayEndedIn2023) {
  const auto calendar = HolidayCalendar::Danish();
  EXPECT_TRUE(calendar.IsHoliday(D(2023, 5, 5)));    // Easter 2023-04-09 + 26
  EXPECT_FALSE(calendar.IsHoliday(D(2024, 4, 26)));  // Easter 2024-03-31 + 26
}

TEST(HolidayCalendar, CountsWorkingDaysAcrossEaster) {
  const auto calendar = HolidayCalendar::Danish();
  // Tuesday 31 March 2026; Wednesday 1 April works, then Maundy Thursday to
  // Easter Monday are closed: the 2nd working day is Tuesday 7 April.
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 31), 1), D(2026, 4, 1));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 31), 2), D(2026, 4, 7));
}

TEST(HolidayCalendar, CountsWorkingDaysAcrossChristmasAndNewYear) {
  const auto calendar = HolidayCalendar::Danish();
  // Monday 21 December 2026: 22, 23 work; 24-27 closed; 28, 29, 30 work;
  // 31 Dec, 1 Jan closed, 2-3 Jan weekend; Monday 4 January 2027 works.
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 21), 2), D(2026, 12, 23));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 21), 3), D(2026, 12, 28));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 21), 6), D(2027, 1, 4));
}

TEST(HolidayCalendar, SkipsWeekendsAndAddedClosedDays) {
  auto calendar = HolidayCalendar::Danish();
  // Friday 13 November 2026 + 1 working day = Monday 16 November.
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 11, 13), 1), D(2026, 11, 16));
  calendar.AddClosedDay(D(2026, 11, 16));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 11, 13), 1), D(2026, 11, 17));
  EXPECT_TRUE(calendar.IsHoliday(D(2026, 11, 16)));
}

TEST(HolidayCalendar, WorkingDaysBetweenCountsWhatAddWorkingDaysAdds) {
  const auto calendar = HolidayCalendar::Danish();
  // The Christmas example above, counted back.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 21), D(2026, 12, 23)), 2u);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 21), D(2026, 12, 27)), 2u);  // a closed day adds none
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 21), D(2027, 1, 4)), 6u);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 21), D(2026, 12, 21)), 0u);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 23), D(2026, 12, 21)), 0u);
  for (unsigned n = 0; n < 300; n += 7) {
    EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 31), calendar.AddWorkingDays(D(2026, 3, 31), n)), n);
  }
}

}  // namespace
}  // namespace ombudsflow
