#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A letter the office sent a citizen, as Min sag lists it.
struct CitizenLetter {
  std::string id;
  std::int32_t document_number = 0;
  std::string subject;
  Timestamp sent_at{};
  // The document numbers of the case's documents sent with it (the
  // department's statement sent for comments): the citizen has them.
  std::vector<std::int32_t> enclosures = {};
};

/// The letters a case's citizen has been sent (not those waiting, nor a
/// department's), read for Min sag.
class CitizenLetterStore {
 public:
  explicit CitizenLetterStore(Database& database) : database_(database) {}

  /// The case's letters to its citizen that have left the office, oldest
  /// first, each with its PDF.
  [[nodiscard]] Result<std::vector<CitizenLetter>> Sent(const std::string& complaint_id);

  /// One of those letters' PDF; nullopt when the case sent its citizen no
  /// such letter (or its PDF was erased).
  [[nodiscard]] Result<std::optional<std::string>> Pdf(const std::string& complaint_id, const std::string& letter_id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
