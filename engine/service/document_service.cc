#include "engine/service/document_service.h"

#include "engine/core/policy/access_policy.h"

namespace ombudsflow::service {

Result<v1::ListLettersResponse> DocumentService::Letters(const Actor& actor, const std::string& complaint_id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) {
    return std::unexpected(allowed.error());
  }
  return store_.Letters(complaint_id);
}

Result<std::string> DocumentService::LetterPdf(const Actor& actor, const std::string& complaint_id,
                                               const std::string& letter_id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) {
    return std::unexpected(allowed.error());
  }
  return store_.LetterPdf(complaint_id, letter_id);
}

Result<v1::ListJournalResponse> DocumentService::Journal(const Actor& actor, const std::string& complaint_id) {
  if (auto allowed = Authorize(actor, Permission::kReadComplaints); !allowed) {
    return std::unexpected(allowed.error());
  }
  return store_.Journal(complaint_id);
}

Result<std::optional<v1::Letter>> DocumentService::NoticeLetter(const Actor& actor, const std::string& notice_id) {
  auto scope = NoticeScope(actor, "");
  if (!scope) return std::unexpected(scope.error());
  return store_.NoticeLetter(notice_id, *scope);
}

Result<std::string> DocumentService::NoticeLetterPdf(const Actor& actor, const std::string& notice_id) {
  auto scope = NoticeScope(actor, "");
  if (!scope) return std::unexpected(scope.error());
  return store_.NoticeLetterPdf(notice_id, *scope);
}

}  // namespace ombudsflow::service
