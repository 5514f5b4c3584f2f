#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/service/case_document_service.h"
#include "engine/service/complaint_service.h"
#include "engine/service/letter_service.h"
#include "engine/service/rate_limiter.h"
#include "engine/service/workflow_labels.h"
#include "engine/store/citizen_letter_store.h"
#include "engine/store/citizen_link_store.h"
#include "engine/store/citizen_notification_store.h"
#include "engine/store/complaint_store.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// What Min sag allows (serve's --min-sag-* options).
struct MinSagSettings {
  // A link in an e-mail opens the case this long.
  std::chrono::hours link_lifetime{24 * 30};
  // A browser's session ends this long after its last page.
  std::chrono::minutes session_idle{30};
  // Links tried per address (a guess costs one), a minute and at once.
  int opens_per_minute = 10;
  int opens_burst = 20;
  // Requests for a new link, per address and per case a day.
  int requests_per_minute = 5;
  int requests_burst = 10;
  int new_links_per_case_per_day = 3;
};

/// A message between the office and the citizen, as Min sag shows it.
struct CitizenMessage {
  std::string id;
  bool from_citizen = false;
  Timestamp at{};
  std::string text;
};

/// What the citizen sees of their case on Min sag.
struct CitizenCaseView {
  v1::Complaint complaint;
  // Where it is, in plain words: a CitizenStages() name.
  std::string stage;
  // The next date the case waits for: the office's answer while it is
  // new (`office_answers`), else the deadline of the state it is in.
  std::optional<Date> deadline;
  bool office_answers = false;
  // A whistleblower's report, read by signing in with its receipt code.
  bool reporter = false;
  std::vector<store::CitizenLetter> letters;
  std::vector<CitizenMessage> messages;
  // Documents shared with the citizen, and their own.
  std::vector<v1::CaseDocument> documents;
};

/// Keeps a new link to the case, lasting `lifetime`: its token (the URL's),
/// whose hash alone is kept. For the jobs that e-mail the citizen.
[[nodiscard]] Result<std::string> MintCitizenLink(store::CitizenLinkStore& links, const Clock& clock,
                                                  std::chrono::hours lifetime, const std::string& complaint_id);

/// The path a link's token opens Min sag at.
[[nodiscard]] std::string MinSagLinkPath(std::string_view token);

/// A session opened with a link: its token for the browser's cookie.
struct CitizenSession {
  std::string token;
  std::string complaint_id;
};

/// "Min sag": the citizen's own page of their case, reached by a link in
/// an e-mail and a session cookie, never by an account. The citizen sees
/// only their case, and of it only what is theirs: the stage in plain
/// words, the letters sent them, documents shared with them, and the
/// messages both ways, which are documents of the case like any other.
class MinSagService {
 public:
  MinSagService(store::CitizenLinkStore& links, store::CitizenLetterStore& letters,
                store::CitizenNotificationStore& notifications, store::ComplaintStore& complaints,
                ComplaintService& complaint_access, CaseDocumentService& documents, const WorkflowLabels& labels,
                const LetterService* letter_service, const Clock& clock, MinSagSettings settings);

  /// Per-address limit on trying a link: nullopt when `address` may now.
  [[nodiscard]] std::optional<std::chrono::seconds> TakeTry(std::string_view address);
  /// A session opened with the link `link_token`; nullopt when the link is
  /// wrong, expired or revoked, which are not told apart.
  [[nodiscard]] Result<std::optional<CitizenSession>> Open(std::string_view link_token);
  /// The case a session's token opens now, its life renewed; nullopt when
  /// it has ended or its link has.
  [[nodiscard]] Result<std::optional<std::string>> Resume(std::string_view session_token);
  [[nodiscard]] Result<void> End(std::string_view session_token);
  /// The CSRF token Min sag's forms carry for `session_token`.
  [[nodiscard]] static std::string CsrfOf(std::string_view session_token);

  [[nodiscard]] Result<CitizenCaseView> View(const std::string& complaint_id);

  /// The citizen writes to the office. `nonce`: the form's, so that the
  /// same form sent twice keeps one message.
  [[nodiscard]] Result<UploadOutcome> Write(const std::string& complaint_id, const std::string& text,
                                            const std::string& nonce);

  /// The citizen sends a document (a multipart/form-data body with its
  /// "file" and an optional "title"). `nonce`: the form's.
  [[nodiscard]] Result<UploadOutcome> Upload(const std::string& complaint_id, const SpoolFile& body,
                                             const std::string& content_type, const std::string& nonce);
  /// The largest file a citizen may send, in bytes.
  [[nodiscard]] std::uint64_t MaxFileBytes() const { return documents_.limits().max_file_bytes; }

  /// A letter's PDF, when the case sent it to its citizen.
  [[nodiscard]] Result<std::optional<std::string>> LetterPdf(const std::string& complaint_id,
                                                             const std::string& letter_id);
  /// A document's bytes, when Min sag shows it to the case's citizen.
  [[nodiscard]] Result<std::optional<DocumentDownload>> Document(const std::string& complaint_id,
                                                                const std::string& document_id);

  /// Per-address limit on asking for a new link.
  [[nodiscard]] std::optional<std::chrono::seconds> TakeRequest(std::string_view address);
  /// Sends a new link to the case numbered `case_number` when `email` is
  /// its citizen's address, at most new_links_per_case_per_day times a
  /// day. Says nothing of whether it did: the page answers alike.
  [[nodiscard]] Result<void> RequestNewLink(std::string_view case_number, std::string_view email);

  /// Office staff: revoke every link to the case (and end its sessions).
  [[nodiscard]] Result<int> Revoke(const Actor& actor, const std::string& complaint_id);
  /// Office staff: how many links open the case now.
  [[nodiscard]] Result<int> LiveLinks(const Actor& actor, const std::string& complaint_id);

  /// Office staff: the messages between the office and the citizen, for
  /// the case page.
  [[nodiscard]] Result<std::vector<CitizenMessage>> Conversation(const Actor& actor, const std::string& complaint_id);

  /// Deletes ended links and sessions (the server's job); whether more
  /// are due.
  [[nodiscard]] Result<bool> PurgeExpired();

  [[nodiscard]] const MinSagSettings& settings() const { return settings_; }

 private:
  [[nodiscard]] Result<void> MayManage(const Actor& actor, const std::string& complaint_id);
  // A message document's text, as kept.
  [[nodiscard]] Result<CitizenMessage> MessageOf(const store::StoredCaseDocument& stored);
  // Whether Min sag shows the document to the citizen: their own, the
  // messages, those shared with them, and those a letter sent them
  // (`enclosed`, by document number).
  [[nodiscard]] static bool ShownToCitizen(const store::StoredCaseDocument& document,
                                           const std::set<std::int32_t>& enclosed);
  // The document numbers the case's letters to its citizen enclosed.
  [[nodiscard]] Result<std::set<std::int32_t>> Enclosed(const std::string& complaint_id);

  store::CitizenLinkStore& links_;
  store::CitizenLetterStore& letters_;
  store::CitizenNotificationStore& notifications_;
  store::ComplaintStore& complaints_;
  ComplaintService& complaint_access_;
  CaseDocumentService& documents_;
  const WorkflowLabels& labels_;
  const LetterService* letter_service_;
  const Clock& clock_;
  MinSagSettings settings_;
  RateLimiter tries_;
  RateLimiter requests_;
};

}  // namespace ombudsflow::service
