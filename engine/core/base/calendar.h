#pragma once

#include <chrono>
#include <set>
#include <vector>

#include "engine/core/base/time.h"

namespace ombudsflow {

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous
/// Gregorian algorithm, Meeus/Jones/Butcher).
[[nodiscard]] std::chrono::year_month_day EasterSunday(std::chrono::year year);

/// Which days the office works. The Danish public holidays are computed for
/// any year, the movable ones from Easter; a deployment adds its own days.
class HolidayCalendar {
 public:
  /// Danish public holidays, plus the days municipal offices close by
  /// agreement: Constitution Day (5 June), Christmas Eve and New Year's Eve.
  /// Great Prayer Day counts until 2023, when it was abolished.
  [[nodiscard]] static HolidayCalendar Danish();

  /// An extra closed day (a local holiday, a move day).
  void AddClosedDay(Date day) { extra_.insert(day); }

  [[nodiscard]] bool IsHoliday(Date day) const;
  [[nodiscard]] bool IsWorkingDay(Date day) const;

  /// The day `count` working days after `from` (from itself not counted).
  [[nodiscard]] Date AddWorkingDays(Date from, unsigned count) const;

  /// The working days after `from` up to and including `to`: 0 on the
  /// same day, and when `to` is not after `from`. The inverse of
  /// AddWorkingDays for a `to` that is a working day.
  [[nodiscard]] unsigned WorkingDaysBetween(Date from, Date to) const;

  /// The holidays of `year`, in order (for display and checking).
  [[nodiscard]] std::vector<Date> HolidaysIn(std::chrono::year year) const;

 private:
  std::set<Date> extra_;
};

}  // namespace ombudsflow
