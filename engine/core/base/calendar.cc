#include "engine/core/base/calendar.h"

#include <algorithm>

namespace ombudsflow {

using namespace std::chrono;

year_month_day EasterSunday(year y) {
  const int Y = static_cast<int>(y);
  const int a = Y % 19;
  const int b = Y / 100;
  const int c = Y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = ((h + l - 7 * m + 114) % 31) + 1;
  return year_month_day{y, month{static_cast<unsigned>(month_number)},
                        day{static_cast<unsigned>(day_number)}};
}

HolidayCalendar HolidayCalendar::Danish() { return HolidayCalendar(); }

std::vector<Date> HolidayCalendar::HolidaysIn(year y) const {
  const Date easter = sys_days(EasterSunday(y));
  std::vector<Date> holidays = {
      sys_days(y / January / 1),   // Nytårsdag
      easter - std::chrono::days{3},            // Skærtorsdag
      easter - std::chrono::days{2},            // Langfredag
      easter,                      // Påskedag
      easter + std::chrono::days{1},            // 2. påskedag
      easter + std::chrono::days{39},           // Kristi himmelfartsdag
      easter + std::chrono::days{49},           // Pinsedag
      easter + std::chrono::days{50},           // 2. pinsedag
      sys_days(y / June / 5),      // Grundlovsdag
      sys_days(y / December / 24), // Juleaftensdag
      sys_days(y / December / 25), // Juledag
      sys_days(y / December / 26), // 2. juledag
      sys_days(y / December / 31), // Nytårsaftensdag
  };
  if (y <= year{2023}) holidays.push_back(easter + std::chrono::days{26});  // Store bededag
  for (Date extra : extra_) {
    if (year_month_day(extra).year() == y) holidays.push_back(extra);
  }
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  return holidays;
}

bool HolidayCalendar::IsHoliday(Date day) const {
  const auto holidays = HolidaysIn(year_month_day(day).year());
  return std::binary_search(holidays.begin(), holidays.end(), day);
}

bool HolidayCalendar::IsWorkingDay(Date day) const {
  const weekday wd{day};
  return wd != Saturday && wd != Sunday && !IsHoliday(day);
}

Date HolidayCalendar::AddWorkingDays(Date from, unsigned count) const {
  Date day = from;
  while (count > 0) {
    day += days{1};
    if (IsWorkingDay(day)) --count;
  }
  return day;
}

unsigned HolidayCalendar::WorkingDaysBetween(Date from, Date to) const {
  unsigned count = 0;
  for (Date day = from + days{1}; day <= to; day += days{1}) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

}  // namespace ombudsflow
