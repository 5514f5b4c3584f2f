#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/letters.pb.h"

namespace ombudsflow::store {

/// A case's letters and journal. Transitions write them (TransitionStore),
/// intake writes the journal's first entry (ComplaintStore); this reads them.
class DocumentStore {
 public:
  explicit DocumentStore(Database& database) : database_(database) {}

  /// The case's letters, oldest first; kNotFound for no such case.
  [[nodiscard]] Result<v1::ListLettersResponse> Letters(const std::string& complaint_id);

  /// Letter `letter_id` of the case as the PDF that was archived and sent;
  /// kNotFound for no such letter of that case, or one not rendered yet.
  [[nodiscard]] Result<std::string> LetterPdf(const std::string& complaint_id, const std::string& letter_id);

  /// The case's journal, oldest first; kNotFound for no such case.
  [[nodiscard]] Result<v1::ListJournalResponse> Journal(const std::string& complaint_id);

  /// The letter to the department that went with notice `notice_id` (the
  /// same case change queued both: a hearing and its hearing letter), if
  /// any; `department` empty for any department's notice, else only its
  /// own (kNotFound otherwise, as for a notice that does not exist).
  [[nodiscard]] Result<std::optional<v1::Letter>> NoticeLetter(const std::string& notice_id,
                                                               const std::string& department);
  /// That letter's PDF; kNotFound when there is none yet.
  [[nodiscard]] Result<std::string> NoticeLetterPdf(const std::string& notice_id, const std::string& department);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
