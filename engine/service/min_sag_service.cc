#include "engine/service/min_sag_service.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/intake.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
namespace {

using google::protobuf::util::TimeUtil;

Timestamp TimestampOf(const google::protobuf::Timestamp& at) {
  return FromUnixMicros(TimeUtil::TimestampToMicroseconds(at));
}

}  // namespace

Result<std::string> MintCitizenLink(store::CitizenLinkStore& links, const Clock& clock, std::chrono::hours lifetime,
                                    const std::string& complaint_id) {
  std::string token = NewCitizenToken();
  const Timestamp now = clock.Now();
  if (auto minted = links.Mint(Sha256Hex(token), complaint_id, now, now + lifetime); !minted) {
    return std::unexpected(minted.error());
  }
  return token;
}

std::string MinSagLinkPath(std::string_view token) { return "/min-sag/adgang/" + std::string(token); }

MinSagService::MinSagService(store::CitizenLinkStore& links, store::CitizenLetterStore& letters,
                             store::CitizenNotificationStore& notifications, store::ComplaintStore& complaints,
                             ComplaintService& complaint_access, CaseDocumentService& documents,
                             const WorkflowLabels& labels, const LetterService* letter_service, const Clock& clock,
                             MinSagSettings settings)
    : links_(links),
      letters_(letters),
      notifications_(notifications),
      complaints_(complaints),
      complaint_access_(complaint_access),
      documents_(documents),
      labels_(labels),
      letter_service_(letter_service),
      clock_(clock),
      settings_(settings),
      tries_(settings.opens_per_minute, settings.opens_burst),
      requests_(settings.requests_per_minute, settings.requests_burst) {}

std::optional<std::chrono::seconds> MinSagService::TakeTry(std::string_view address) {
  return tries_.Take(CitizenAddressKey(address), clock_.Now());
}

Result<std::optional<CitizenSession>> MinSagService::Open(std::string_view link_token) {
  if (!IsCitizenToken(link_token)) return std::optional<CitizenSession>();
  std::string session = NewCitizenToken();
  const Timestamp now = clock_.Now();
  auto opened = links_.Open(Sha256Hex(link_token), Sha256Hex(session), now, now + settings_.session_idle);
  if (!opened) return std::unexpected(opened.error());
  if (!*opened) return std::optional<CitizenSession>();
  return std::optional<CitizenSession>(CitizenSession{std::move(session), std::move(**opened)});
}

Result<std::optional<std::string>> MinSagService::Resume(std::string_view session_token) {
  if (!IsCitizenToken(session_token)) return std::optional<std::string>();
  const Timestamp now = clock_.Now();
  return links_.Resume(Sha256Hex(session_token), now, now + settings_.session_idle);
}

Result<void> MinSagService::End(std::string_view session_token) {
  if (!IsCitizenToken(session_token)) return {};
  return links_.End(Sha256Hex(session_token));
}

std::string MinSagService::CsrfOf(std::string_view session_token) {
  return Sha256Hex("ombudsflow min sag csrf:" + std::string(session_token));
}

bool MinSagService::ShownToCitizen(const store::StoredCaseDocument& stored, const std::set<std::int32_t>& enclosed) {
  const v1::CaseDocument& document = stored.document;
  // Never quarantined, never before it is journalised.
  if (stored.facts.scan_state == "infected" || document.document_number() == 0) return false;
  if (document.message()) return true;
  if (stored.facts.uploaded_by == CitizenActor().Id()) return true;
  if (stored.facts.scan_state != "clean") return false;
  return stored.facts.audience == "citizen" ||
         enclosed.contains(static_cast<std::int32_t>(document.document_number()));
}

Result<std::set<std::int32_t>> MinSagService::Enclosed(const std::string& complaint_id) {
  auto letters = letters_.Sent(complaint_id);
  if (!letters) return std::unexpected(letters.error());
  std::set<std::int32_t> enclosed;
  for (const store::CitizenLetter& letter : *letters) enclosed.insert(letter.enclosures.begin(), letter.enclosures.end());
  return enclosed;
}

Result<CitizenCaseView> MinSagService::View(const std::string& complaint_id) {
  CitizenCaseView view;
  auto complaint = complaints_.Find(complaint_id);
  if (!complaint) return std::unexpected(complaint.error());
  view.complaint = std::move(*complaint);
  view.stage = std::string(labels_.CitizenStage(view.complaint.workflow(), view.complaint.state()));
  if (view.stage == "received" && letter_service_ != nullptr) {
    // What the acknowledgement promised.
    view.deadline = letter_service_->ReplyBy(clock_.LocalDate(TimestampOf(view.complaint.create_time())));
    view.office_answers = true;
  } else if (view.complaint.has_deadline_time()) {
    // A deadline is the end of its day (the next day's first instant):
    // the date the citizen is told is the day it ends.
    view.deadline = clock_.LocalDate(TimestampOf(view.complaint.deadline_time()) - std::chrono::seconds(1));
  }
  view.reporter = view.complaint.workflow() == WorkflowOf(CaseKind::kWhistleblowerReport);
  auto letters = letters_.Sent(complaint_id);
  if (!letters) return std::unexpected(letters.error());
  view.letters = std::move(*letters);
  std::set<std::int32_t> enclosed;
  for (const store::CitizenLetter& letter : view.letters) enclosed.insert(letter.enclosures.begin(), letter.enclosures.end());
  auto documents = documents_.AllOf(complaint_id);
  if (!documents) return std::unexpected(documents.error());
  for (const store::StoredCaseDocument& stored : *documents) {
    if (!ShownToCitizen(stored, enclosed)) continue;
    if (!stored.document.message()) {
      view.documents.push_back(stored.document);
      continue;
    }
    auto message = MessageOf(stored);
    if (!message) return std::unexpected(message.error());
    view.messages.push_back(std::move(*message));
  }
  return view;
}

Result<CitizenMessage> MinSagService::MessageOf(const store::StoredCaseDocument& stored) {
  CitizenMessage message{.id = stored.document.id(),
                         .from_citizen = stored.document.direction() == v1::DOCUMENT_IN,
                         .at = TimestampOf(stored.document.create_time()),
                         .text = {}};
  if (stored.content_id == 0) return message;  // erased with the case's personal data
  auto bytes = documents_.BytesOf(stored);
  if (!bytes) return std::unexpected(bytes.error());
  auto text = bytes->ReadAt(0, bytes->size());
  if (!text) return std::unexpected(text.error());
  message.text = std::move(*text);
  return message;
}

Result<std::vector<CitizenMessage>> MinSagService::Conversation(const Actor& actor, const std::string& complaint_id) {
  if (auto may = MayManage(actor, complaint_id); !may) return std::unexpected(may.error());
  auto documents = documents_.AllOf(complaint_id);
  if (!documents) return std::unexpected(documents.error());
  std::vector<CitizenMessage> messages;
  for (const store::StoredCaseDocument& stored : *documents) {
    if (!stored.document.message() || stored.facts.scan_state == "infected") continue;
    auto message = MessageOf(stored);
    if (!message) return std::unexpected(message.error());
    messages.push_back(std::move(*message));
  }
  return messages;
}

Result<UploadOutcome> MinSagService::Write(const std::string& complaint_id, const std::string& text,
                                           const std::string& nonce) {
  // The key is the case's and the form's: one citizen's nonce never meets
  // another's.
  const std::string key = IsCitizenToken(nonce) ? "min-sag:" + complaint_id + ":" + nonce : std::string();
  return documents_.KeepMessage(CitizenActor(), complaint_id, text, key);
}

Result<UploadOutcome> MinSagService::Upload(const std::string& complaint_id, const SpoolFile& body,
                                            const std::string& content_type, const std::string& nonce) {
  const std::string key = IsCitizenToken(nonce) ? "min-sag:" + complaint_id + ":" + nonce : std::string();
  return documents_.UploadFromCitizen(complaint_id, body, content_type, key);
}

Result<std::optional<std::string>> MinSagService::LetterPdf(const std::string& complaint_id,
                                                            const std::string& letter_id) {
  return letters_.Pdf(complaint_id, letter_id);
}

Result<std::optional<DocumentDownload>> MinSagService::Document(const std::string& complaint_id,
                                                               const std::string& document_id) {
  auto enclosed = Enclosed(complaint_id);
  if (!enclosed) return std::unexpected(enclosed.error());
  auto documents = documents_.AllOf(complaint_id);
  if (!documents) return std::unexpected(documents.error());
  for (const store::StoredCaseDocument& stored : *documents) {
    if (stored.document.id() != document_id || !ShownToCitizen(stored, *enclosed) ||
        stored.facts.scan_state != "clean") {
      continue;
    }
    auto bytes = documents_.BytesOf(stored);
    if (!bytes) return std::unexpected(bytes.error());
    return std::optional<DocumentDownload>(DocumentDownload{stored.document, std::move(*bytes)});
  }
  return std::optional<DocumentDownload>();
}

std::optional<std::chrono::seconds> MinSagService::TakeRequest(std::string_view address) {
  return requests_.Take(CitizenAddressKey(address), clock_.Now());
}

Result<void> MinSagService::RequestNewLink(std::string_view case_number, std::string_view email) {
  const std::string typed(Trimmed(case_number));
  if (typed.empty() || typed.size() > 40 || email.empty() || email.size() > 254) return {};
  auto id = complaints_.IdOfCaseNumber(typed);
  if (!id) return std::unexpected(id.error());
  if (!*id) return {};
  auto complaint = complaints_.Find(**id);
  if (!complaint) return std::unexpected(complaint.error());
  const std::string& address = complaint->complainant().email();
  if (address.empty() || AsciiLowercase(address) != AsciiLowercase(Trimmed(email))) return {};
  const Timestamp now = clock_.Now();
  auto queued = notifications_.QueuedSince(**id, "new_link", now - std::chrono::hours(24));
  if (!queued) return std::unexpected(queued.error());
  if (*queued >= settings_.new_links_per_case_per_day) return {};
  return notifications_.Queue(**id, "new_link", now);
}

Result<void> MinSagService::MayManage(const Actor& actor, const std::string& complaint_id) {
  auto complaint = complaint_access_.Get(actor, complaint_id);
  if (!complaint) return std::unexpected(complaint.error());
  if (!IsOfficeStaff(actor.role)) return std::unexpected(PermissionDenied("only the office manages a citizen's links"));
  return {};
}

Result<int> MinSagService::Revoke(const Actor& actor, const std::string& complaint_id) {
  if (auto may = MayManage(actor, complaint_id); !may) return std::unexpected(may.error());
  return links_.RevokeCase(complaint_id, clock_.Now());
}

Result<int> MinSagService::LiveLinks(const Actor& actor, const std::string& complaint_id) {
  if (auto may = MayManage(actor, complaint_id); !may) return std::unexpected(may.error());
  return links_.LiveLinks(complaint_id, clock_.Now());
}

Result<bool> MinSagService::PurgeExpired() {
  constexpr int kBatch = 1000;
  auto purged = links_.PurgeExpired(clock_.Now(), kBatch);
  if (!purged) return std::unexpected(purged.error());
  return *purged >= kBatch;
}

}  // namespace ombudsflow::service
