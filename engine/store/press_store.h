#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A question from the press, and its answer once given.
struct PressInquiry {
  std::string id;
  Timestamp asked_at;
  std::string medium;
  std::string journalist;
  std::string topic;
  std::optional<std::string> complaint_id;
  std::string case_number;  // read back, for the page
  std::string recorded_by;
  Timestamp recorded_at;
  std::optional<std::string> answered_by;
  std::optional<Timestamp> answered_at;
  std::string answer;
  std::string consent_id;
};

/// The press log (sql/0046_press_log.sql).
class PressStore {
 public:
  explicit PressStore(Database& database) : database_(database) {}

  [[nodiscard]] Result<void> Record(const PressInquiry& inquiry);
  /// kNotFound when there is none.
  [[nodiscard]] Result<PressInquiry> Find(const std::string& id);
  /// Newest first, at most `limit`.
  [[nodiscard]] Result<std::vector<PressInquiry>> List(int limit);
  /// Records the answer; kFailedPrecondition when one was recorded meanwhile.
  [[nodiscard]] Result<void> Answer(const std::string& id, const std::string& answered_by, Timestamp at,
                                    const std::string& answer, const std::string& consent_id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
