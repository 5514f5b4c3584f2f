#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/store/document_store.h"
#include "ombudsflow/v1/letters.pb.h"

namespace ombudsflow::service {

/// A case's letters and its journal (offentlighedsloven § 15): office staff
/// read them; they carry the citizen's personal data.
class DocumentService {
 public:
  explicit DocumentService(store::DocumentStore& store) : store_(store) {}

  [[nodiscard]] Result<v1::ListLettersResponse> Letters(const Actor& actor, const std::string& complaint_id);
  /// A letter's PDF, as archived and sent (office staff).
  [[nodiscard]] Result<std::string> LetterPdf(const Actor& actor, const std::string& complaint_id,
                                              const std::string& letter_id);
  [[nodiscard]] Result<v1::ListJournalResponse> Journal(const Actor& actor, const std::string& complaint_id);

  /// The letter sent to the department with notice `notice_id` (a hearing's
  /// letter), if any: the department's own notices only, as NoticeService.
  /// Whole, though the API's Letter is the office's to see: it is the letter
  /// the department received, and only its pages show it.
  [[nodiscard]] Result<std::optional<v1::Letter>> NoticeLetter(const Actor& actor, const std::string& notice_id);
  [[nodiscard]] Result<std::string> NoticeLetterPdf(const Actor& actor, const std::string& notice_id);

 private:
  store::DocumentStore& store_;
};

}  // namespace ombudsflow::service
