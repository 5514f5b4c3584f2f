#include "engine/service/holiday_file.h"

#include <fstream>
#include <regex>
#include <string>

#include "engine/text.h"

namespace ombudsflow::service {

Result<void> AddClosedDaysFromFile(const std::filesystem::path& path, HolidayCalendar& calendar) {
  std::ifstream file(path);
  if (!file) return std::unexpected(InvalidArgument("cannot read " + path.string()));
  static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    line = Trimmed(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::smatch match;
    const std::chrono::year_month_day day{
        std::chrono::year(std::regex_match(line, match, kDate) ? std::stoi(match[1]) : 0),
        std::chrono::month(match.empty() ? 0u : static_cast<unsigned>(std::stoi(match[2]))),
        std::chrono::day(match.empty() ? 0u : static_cast<unsigned>(std::stoi(match[3])))};
    if (match.empty() || !day.ok()) {
      return std::unexpected(InvalidArgument(path.string() + ":" + std::to_string(number) +
                                             ": '" + line + "' is not a date (YYYY-MM-DD)"));
    }
    calendar.AddClosedDay(std::chrono::sys_days(day));
  }
  return {};
}

}  // namespace ombudsflow::service
