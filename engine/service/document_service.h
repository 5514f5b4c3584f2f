#pragma once

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

 private:
  store::DocumentStore& store_;
};

}  // namespace ombudsflow::service
