#include "engine/service/holiday_file.h"

#include <fstream>
#include <string>

#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"

namespace ombudsflow::service {

Result<void> AddClosedDaysFromFile(const std::filesystem::path& path, HolidayCalendar& calendar) {
  std::ifstream file(path);
  if (!file) return std::unexpected(InvalidArgument("cannot read " + path.string()));
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    line = Trimmed(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const auto day = ParseIsoDate(line);
    if (!day) {
      return std::unexpected(InvalidArgument(path.string() + ":" + std::to_string(number) +
                                             ": '" + line + "' is not a date (YYYY-MM-DD)"));
    }
    calendar.AddClosedDay(*day);
  }
  return {};
}

}  // namespace ombudsflow::service
