#include "engine/service/case_document_service.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <set>

#include "engine/core/base/file_name.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"
#include "engine/core/base/uuid.h"
#include "engine/core/base/hex.h"
#include "engine/core/codec/request_limits.h"
#include "engine/core/documents/multipart.h"
#include "engine/core/documents/office_container.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/citizens/complaint_form.h"
#include "engine/core/rules/intake.h"
#include "engine/service/document_type.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kReadBytes = 256 * 1024;
// A description field is short; a form's field longer than this is not one.
constexpr std::size_t kMaxFormFieldBytes = 4096;

Error Refusal(ErrorCode code, std::string message, std::string_view reason, std::string field = "file") {
  return Error{code, message, {{std::move(field), std::move(message), std::string(reason)}}};
}

Error NoSuchDocument() { return NotFound("no such document on this case"); }

Error InfectedRefusal(const std::string& signature) {
  return Refusal(ErrorCode::kFailedPrecondition,
                 "the file holds a virus (" + signature + "); it is quarantined and the office is alerted", kInfected);
}

// The answer to a retry with an Idempotency-Key already used: the first
// upload's, when it was the same upload; a refusal otherwise.
Result<UploadOutcome> Replayed(const store::StoredCaseDocument& earlier, const std::string& complaint_id,
                               const std::string& fingerprint) {
  if (earlier.fingerprint != fingerprint || earlier.document.complaint_id() != complaint_id) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "this Idempotency-Key was already used for another document; use a new key"));
  }
  if (earlier.facts.scan_state == "infected") return std::unexpected(InfectedRefusal(earlier.document.scan_signature()));
  return UploadOutcome{earlier.document, false};
}

Result<std::string> Sha256Of(const SpoolFile& file) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return std::unexpected(Internal("cannot hash a document"));
  }
  for (std::uint64_t offset = 0; offset < file.size();) {
    auto chunk = file.ReadAt(offset, kReadBytes);
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) break;
    EVP_DigestUpdate(context.get(), chunk->data(), chunk->size());
    offset += chunk->size();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// The form's fields into an upload's description, and its file into a
// spool of its own, as the body streams past.
class FormCollector final : public MultipartSink {
 public:
  FormCollector(SpoolFile& file, std::uint64_t max_file_bytes) : file_(file), max_file_bytes_(max_file_bytes) {}

  Result<void> OnPartBegin(const MultipartPart& part) override {
    current_ = part.name;
    value_.clear();
    if (part.name == "file") {
      if (file_seen_) return std::unexpected(Refusal(ErrorCode::kInvalidArgument, "send one file per upload", "one_file"));
      file_seen_ = true;
      file_name_ = part.file_name.value_or("");
      return {};
    }
    if (part.file_name) {
      return std::unexpected(
          Refusal(ErrorCode::kInvalidArgument, "only the part \"file\" may hold a file", "unexpected_file", part.name));
    }
    return {};
  }

  Result<void> OnPartData(std::string_view bytes) override {
    if (current_ == "file") {
      if (file_.size() + bytes.size() > max_file_bytes_) {
        return std::unexpected(Refusal(ErrorCode::kResourceExhausted,
                                       "the file is larger than " + std::to_string(max_file_bytes_) + " bytes",
                                       kFileTooLarge));
      }
      return file_.Append(bytes);
    }
    if (value_.size() + bytes.size() > kMaxFormFieldBytes) {
      return std::unexpected(Refusal(ErrorCode::kInvalidArgument, "the field is too long", "too_long", current_));
    }
    value_.append(bytes);
    return {};
  }

  Result<void> OnPartEnd() override {
    if (current_ == "file") return {};
    if (!seen_.insert(current_).second) {
      violations_.push_back({current_, "the field is given twice", "duplicate"});
    } else if (auto violation = SetUploadField(request_, current_, value_)) {
      violations_.push_back(std::move(*violation));
    }
    return {};
  }

  // The description, with the file part's name unless a field gave one,
  // and what was wrong with the fields.
  std::pair<v1::UploadDocumentRequest, std::vector<FieldViolation>> Description() {
    if (!file_seen_ || (file_name_.empty() && file_.size() == 0)) {
      // A form posted without choosing a file sends an empty, nameless part.
      violations_.push_back({"file", "choose a file to upload", "required"});
    }
    if (request_.file_name().empty()) request_.set_file_name(file_name_);
    return {std::move(request_), std::move(violations_)};
  }

 private:
  SpoolFile& file_;
  const std::uint64_t max_file_bytes_;
  std::string current_;
  std::string value_;
  bool file_seen_ = false;
  std::string file_name_;
  std::set<std::string> seen_;
  v1::UploadDocumentRequest request_;
  std::vector<FieldViolation> violations_;
};

bool IsZipBasedOfficeType(std::string_view media_type) {
  return media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
         media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
         media_type == "application/vnd.oasis.opendocument.text";
}

}  // namespace

CaseDocumentService::CaseDocumentService(store::CaseDocumentStore& store, store::TransitionStore& cases,
                                         const ClamdScanner& scanner, const Clock& clock, IdGenerator& ids,
                                         DocumentLimits limits)
    : store_(store), cases_(cases), scanner_(scanner), clock_(clock), ids_(ids), limits_(std::move(limits)) {
  if (limits_.allowed_types.empty()) limits_.allowed_types = DefaultDocumentTypes();
}

Result<std::string> CaseDocumentService::CaseDepartment(const Actor& actor, const std::string& complaint_id) {
  if (!IsOfficeStaff(actor.role) && actor.role != Role::kDepartment) {
    return std::unexpected(PermissionDenied("the role '" + std::string(RoleName(actor.role)) +
                                            "' may not read a case's documents"));
  }
  auto department = cases_.DepartmentOf(complaint_id);
  if (!department) return std::unexpected(department.error());
  if (auto allowed = AuthorizeCaseAccess(actor, complaint_id, *department); !allowed) {
    return std::unexpected(allowed.error());
  }
  return department;
}

Result<FormUpload> CaseDocumentService::ReadForm(const SpoolFile& body, const std::string& content_type) {
  auto boundary = MultipartBoundaryOf(content_type);
  if (!boundary) return std::unexpected(boundary.error());
  auto file = SpoolFile::Create(limits_.spool_directory);
  if (!file) return std::unexpected(file.error());
  FormCollector collector(*file, limits_.max_file_bytes);
  MultipartReader reader(*boundary, collector);
  for (std::uint64_t offset = 0; offset < body.size();) {
    auto chunk = body.ReadAt(offset, kReadBytes);
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) break;
    if (auto fed = reader.Feed(*chunk); !fed) return std::unexpected(fed.error());
    offset += chunk->size();
  }
  if (auto finished = reader.Finish(); !finished) return std::unexpected(finished.error());
  auto [request, violations] = collector.Description();
  return FormUpload{std::move(request), std::move(violations), std::move(*file)};
}

Result<UploadOutcome> CaseDocumentService::UploadForm(const Actor& actor, const std::string& complaint_id,
                                                      const SpoolFile& body, const std::string& content_type,
                                                      const std::string& idempotency_key) {
  // The case first: a stranger learns nothing from how its body is read.
  if (auto department = CaseDepartment(actor, complaint_id); !department) {
    return std::unexpected(department.error());
  }
  auto form = ReadForm(body, content_type);
  if (!form) return std::unexpected(form.error());
  if (!form->violations.empty()) {
    return std::unexpected(InvalidArgument("the upload is incomplete or invalid", std::move(form->violations)));
  }
  return UploadFile(actor, complaint_id, form->request, form->file, idempotency_key);
}

Result<UploadOutcome> CaseDocumentService::UploadFile(const Actor& actor, const std::string& complaint_id,
                                                      const v1::UploadDocumentRequest& request,
                                                      const SpoolFile& file, const std::string& idempotency_key) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  auto department = CaseDepartment(actor, complaint_id);
  if (!department) return std::unexpected(department.error());
  if (idempotency_key.size() > kMaxIdempotencyKeyLength) {
    return std::unexpected(InvalidArgument("the Idempotency-Key is longer than 255 characters"));
  }
  const Timestamp now = clock_.Now();
  auto description = DescribeUpload(request, actor, *department, clock_.LocalDate(now));
  if (!description) return std::unexpected(description.error());
  if (description->audience != "office" && IsOfficeStaff(actor.role)) {
    auto stored = cases_.Load(complaint_id);
    if (!stored) return std::unexpected(stored.error());
    if (auto refused = SharedTitleRefusal(*description, actor, stored->complaint.complainant())) {
      return std::unexpected(InvalidArgument("the title names the complainant", {std::move(*refused)}));
    }
  }
  return Keep(actor, complaint_id, std::move(*description), file, idempotency_key, std::nullopt, now);
}

Result<UploadOutcome> CaseDocumentService::AddNote(const Actor& actor, const std::string& complaint_id,
                                                   const v1::AddNoteRequest& request,
                                                   const std::string& idempotency_key) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  auto department = CaseDepartment(actor, complaint_id);
  if (!department) return std::unexpected(department.error());
  if (!IsOfficeStaff(actor.role)) {
    return std::unexpected(PermissionDenied("notes (notatpligt) are the office's own"));
  }
  const Timestamp now = clock_.Now();
  // A note is the office's own document: internal, for the office alone.
  v1::UploadDocumentRequest described;
  described.set_title(request.title());
  described.set_direction(v1::DOCUMENT_INTERNAL);
  described.set_audience(v1::OFFICE_ONLY);
  described.set_file_name("notat-" + FormatIsoDate(clock_.LocalDate(now)) + ".txt");
  auto description = DescribeUpload(described, actor, *department, clock_.LocalDate(now));
  if (!description) return std::unexpected(description.error());
  if (Trimmed(request.text()).empty()) {
    return std::unexpected(InvalidArgument("a note needs its text", {{"text", "write the note", "required"}}));
  }
  auto file = SpoolFile::Create(limits_.spool_directory);
  if (!file) return std::unexpected(file.error());
  if (auto written = file->Append(request.text()); !written) return std::unexpected(written.error());
  // Typed here, so plain text whatever it says (a note about a web page
  // may quote HTML); scanned all the same.
  return Keep(actor, complaint_id, std::move(*description), *file, idempotency_key, "text/plain", now);
}

Result<UploadOutcome> CaseDocumentService::KeepMessage(const Actor& actor, const std::string& complaint_id,
                                                       const std::string& text, const std::string& idempotency_key) {
  const bool from_citizen = actor.role == Role::kSystem && actor.name == kCitizenActorName;
  if (!from_citizen) {
    auto department = CaseDepartment(actor, complaint_id);
    if (!department) return std::unexpected(department.error());
    if (!IsOfficeStaff(actor.role)) return std::unexpected(PermissionDenied("only the office writes to the citizen"));
  }
  if (idempotency_key.size() > kMaxIdempotencyKeyLength) {
    return std::unexpected(InvalidArgument("the Idempotency-Key is longer than 255 characters"));
  }
  // A person's keys for messages apart from their keys for uploads and
  // notes: the same key on both is two documents, not a conflict.
  const std::string key = idempotency_key.empty() || from_citizen ? idempotency_key : "message:" + idempotency_key;
  const std::string trimmed = FormTextOf(text);
  if (trimmed.empty()) {
    return std::unexpected(InvalidArgument("a message needs its text", {{"text", "write the message", "required"}}));
  }
  if (Utf8Length(trimmed) > kMaxMessageCharacters) {
    return std::unexpected(InvalidArgument(
        "the message is too long", {{"text", "at most " + std::to_string(kMaxMessageCharacters) + " characters",
                                     "too_long"}}));
  }
  if (!IsFormText(trimmed, true)) {
    return std::unexpected(
        InvalidArgument("the message holds control characters", {{"text", "remove the control characters", "invalid"}}));
  }
  const Timestamp now = clock_.Now();
  const Date today = clock_.LocalDate(now);
  DocumentDescription description{
      .title = from_citizen ? "Besked fra borgeren" : "Besked til borgeren",
      .direction = from_citizen ? "in" : "out",
      .counterpart = "citizen",
      .document_date = today,
      // Between the office and the citizen: never shown to a department.
      .audience = "office",
      .file_name = std::string(from_citizen ? "besked-fra-borgeren-" : "besked-til-borgeren-") + FormatIsoDate(today) +
                   ".txt"};
  bool reads_by_sign_in = false;
  if (!from_citizen) {
    auto address = cases_.ComplainantEmailOf(complaint_id);
    if (!address) return std::unexpected(address.error());
    if (address->empty()) {
      auto signs_in = cases_.ReadBySignIn(complaint_id);
      if (!signs_in) return std::unexpected(signs_in.error());
      if (!*signs_in) {
        return std::unexpected(Refusal(ErrorCode::kFailedPrecondition,
                                       "the citizen has no e-mail address: write a letter", "no_email", "text"));
      }
      // A whistleblower comes back with their code: no e-mail tells them.
      reads_by_sign_in = true;
    }
  }
  auto file = SpoolFile::Create(limits_.spool_directory);
  if (!file) return std::unexpected(file.error());
  if (auto written = file->Append(trimmed); !written) return std::unexpected(written.error());
  store::NewCaseDocument extras;
  extras.is_message = true;
  if (from_citizen) {
    extras.alert = "citizen_message";
  } else {
    extras.notify_citizen = !reads_by_sign_in;
  }
  return Keep(actor, complaint_id, std::move(description), *file, key, "text/plain", now, extras);
}

Result<UploadOutcome> CaseDocumentService::UploadFromCitizen(const std::string& complaint_id, const SpoolFile& body,
                                                             const std::string& content_type,
                                                             const std::string& idempotency_key) {
  auto form = ReadForm(body, content_type);
  if (!form) return std::unexpected(form.error());
  if (!form->violations.empty()) {
    return std::unexpected(InvalidArgument("the upload is incomplete or invalid", std::move(form->violations)));
  }
  if (auto within = CheckRequestLimits(form->request); !within) return std::unexpected(within.error());
  return KeepFromCitizen(complaint_id, form->request.title(), form->request.file_name(), form->file, idempotency_key);
}

Result<CitizenFileDescription> CaseDocumentService::DescribeCitizenFile(std::string_view title,
                                                                        std::string_view file_name) {
  std::string cleaned_title = Trimmed(title);
  if (cleaned_title.empty()) cleaned_title = "Dokument fra borgeren";
  if (!IsOneLineOfText(cleaned_title) || !IsFormText(cleaned_title, false)) {
    return std::unexpected(InvalidArgument("a title is one line of text", {{"title", "one line of text", "one_line"}}));
  }
  if (Utf8Length(cleaned_title) > kMaxCitizenTitle) {
    return std::unexpected(InvalidArgument("the title is too long", {{"title", "at most 200 characters", "too_long"}}));
  }
  auto cleaned_name = CleanFileName(std::string(file_name), "file");
  if (!cleaned_name) return std::unexpected(cleaned_name.error());
  return CitizenFileDescription{std::move(cleaned_title), std::move(*cleaned_name)};
}

Result<UploadOutcome> CaseDocumentService::KeepFromCitizen(const std::string& complaint_id, std::string_view title,
                                                           std::string_view file_name, const SpoolFile& file,
                                                           const std::string& idempotency_key) {
  auto described = DescribeCitizenFile(title, file_name);
  if (!described) return std::unexpected(described.error());
  const Timestamp now = clock_.Now();
  DocumentDescription description{.title = std::move(described->title),
                                  .direction = "in",
                                  .counterpart = "citizen",
                                  .document_date = clock_.LocalDate(now),
                                  // The office shares it further, when it does.
                                  .audience = "office",
                                  .file_name = std::move(described->file_name)};
  store::NewCaseDocument extras;
  extras.alert = "citizen_document";
  return Keep(CitizenActor(), complaint_id, std::move(description), file, idempotency_key, std::nullopt, now, extras);
}

Result<CheckedFile> CaseDocumentService::Check(const SpoolFile& file, const std::string& file_name) const {
  if (auto within = CheckSize(file); !within) return std::unexpected(within.error());
  auto sha256 = Sha256Of(file);
  if (!sha256) return std::unexpected(sha256.error());
  auto classified = Classify(file, std::nullopt);
  if (!classified) return std::unexpected(classified.error());
  CheckedFile checked{.media_type = classified->media_type,
                      .sha256 = std::move(*sha256),
                      .file_name = FileNameForType(file_name, classified->media_type)};
  if (classified->verdict) {
    checked.scanned = true;
    checked.infected = classified->verdict->infected;
    checked.signature = classified->verdict->signature;
  }
  return checked;
}

Result<void> CaseDocumentService::CheckSize(const SpoolFile& file) const {
  if (file.size() == 0) {
    return std::unexpected(Refusal(ErrorCode::kInvalidArgument, "the file is empty", "empty_file"));
  }
  if (file.size() > limits_.max_file_bytes) {
    return std::unexpected(Refusal(ErrorCode::kResourceExhausted,
                                   "the file is larger than " + std::to_string(limits_.max_file_bytes) + " bytes",
                                   kFileTooLarge));
  }
  return {};
}

Result<CaseDocumentService::Classified> CaseDocumentService::Classify(
    const SpoolFile& file, const std::optional<std::string>& known_type) const {
  // Its type, from its content.
  auto head = file.ReadAt(0, kTypeSniffBytes);
  if (!head) return std::unexpected(head.error());
  auto media_type = known_type ? Result<std::string>(*known_type) : MediaTypeOf(*head);
  if (!media_type) return std::unexpected(media_type.error());
  if (!IsAllowedDocumentType(*media_type, limits_.allowed_types)) {
    return std::unexpected(Refusal(ErrorCode::kInvalidArgument,
                                   "files of type " + *media_type + " are not kept", kUnsupportedType));
  }
  if (IsZipBasedOfficeType(*media_type)) {
    auto container = ReadOfficeContainer(file.size(), file.Reader());
    if (!container) {
      return std::unexpected(
          Refusal(ErrorCode::kInvalidArgument, "the document cannot be read whole", kUnsupportedType));
    }
    if (container->macros) {
      return std::unexpected(
          Refusal(ErrorCode::kInvalidArgument, "documents with macros are not kept", kUnsupportedType));
    }
    if (container->encrypted) {
      return std::unexpected(
          Refusal(ErrorCode::kInvalidArgument, "password-protected documents are not kept", kUnsupportedType));
    }
  }

  // Its scan; while the scanner is away it waits, and nothing is lost.
  std::string chunk;
  std::uint64_t offset = 0;
  std::optional<Error> read_error;
  auto verdict = scanner_.Scan([&]() -> std::string_view {
    auto next = file.ReadAt(offset, kReadBytes);
    if (!next) {
      read_error = next.error();
      return {};
    }
    chunk = std::move(*next);
    offset += chunk.size();
    return chunk;
  });
  if (read_error) return std::unexpected(*read_error);
  Classified classified{.media_type = std::move(*media_type)};
  if (verdict) {
    classified.verdict = std::move(*verdict);
  } else {
    spdlog::warn("a document is kept unscanned: {}", verdict.error().message);
  }
  return classified;
}

Result<SpoolFile> CaseDocumentService::BytesOf(const store::StoredCaseDocument& document) {
  auto file = SpoolFile::Create(limits_.spool_directory);
  if (!file) return std::unexpected(file.error());
  if (document.content_id == 0) return std::unexpected(NotFound("the document's bytes were erased"));
  auto read = store_.ReadContent(document.content_id, [&](std::string_view chunk) { return file->Append(chunk); });
  if (!read) return std::unexpected(read.error());
  return std::move(*file);
}

Result<UploadOutcome> CaseDocumentService::Keep(const Actor& actor, const std::string& complaint_id,
                                                DocumentDescription description, const SpoolFile& file,
                                                const std::string& idempotency_key,
                                                const std::optional<std::string>& known_type, Timestamp now,
                                                const store::NewCaseDocument& extras) {
  if (auto within = CheckSize(file); !within) return std::unexpected(within.error());
  auto sha256 = Sha256Of(file);
  if (!sha256) return std::unexpected(sha256.error());
  const std::string fingerprint = UploadFingerprint(*sha256, description);
  if (!idempotency_key.empty()) {
    auto earlier = store_.FindByIdempotencyKey(actor.Id(), idempotency_key);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) return Replayed(**earlier, complaint_id, fingerprint);
  }
  auto classified = Classify(file, known_type);
  if (!classified) return std::unexpected(classified.error());
  const std::string& media_type = classified->media_type;
  const std::optional<ScanVerdict>& verdict = classified->verdict;
  store::NewCaseDocument document;
  // Saved to a disk, a file opens by its extension: the content's, never
  // one that runs ("svar.js" of plain text is kept as "svar.js.txt").
  description.file_name = FileNameForType(description.file_name, media_type);
  document.id = ids_.NewId();
  document.complaint_id = complaint_id;
  document.description = std::move(description);
  document.media_type = media_type;
  document.size_bytes = file.size();
  document.sha256 = *sha256;
  if (!verdict) {
    spdlog::warn("document kept unscanned on case {}", complaint_id);
    document.scan_state = "pending";
  } else if (verdict->infected) {
    document.scan_state = "infected";
    document.scan_signature = verdict->signature;
  } else {
    document.scan_state = "clean";
  }
  document.uploaded_by = actor.Id();
  if (actor.role == Role::kDepartment) document.uploader_department = actor.department;
  document.idempotency_key = idempotency_key;
  document.fingerprint = fingerprint;
  document.now = now;
  document.is_message = extras.is_message;
  document.alert = extras.alert;
  document.notify_citizen = extras.notify_citizen;
  auto stored = store_.Insert(document, file.Reader(), limits_.max_case_bytes);
  if (!stored && stored.error().code == ErrorCode::kAlreadyExists && !idempotency_key.empty()) {
    // A concurrent retry with the same key won: answer as a retry is.
    auto earlier = store_.FindByIdempotencyKey(actor.Id(), idempotency_key);
    if (earlier && *earlier) return Replayed(**earlier, complaint_id, fingerprint);
  }
  if (!stored) return std::unexpected(stored.error());
  if (document.scan_state == "infected") {
    spdlog::warn("infected document quarantined on case {}: {}", complaint_id, document.scan_signature);
    return std::unexpected(InfectedRefusal(document.scan_signature));
  }
  return UploadOutcome{stored->document, true};
}

Result<v1::ListCaseDocumentsResponse> CaseDocumentService::List(const Actor& actor, const std::string& complaint_id) {
  if (auto department = CaseDepartment(actor, complaint_id); !department) {
    return std::unexpected(department.error());
  }
  auto documents = store_.List(complaint_id);
  if (!documents) return std::unexpected(documents.error());
  v1::ListCaseDocumentsResponse response;
  for (auto& stored : *documents) {
    if (MayListDocument(actor, stored.facts)) *response.add_documents() = std::move(stored.document);
  }
  return response;
}

Result<store::StoredCaseDocument> CaseDocumentService::Visible(const Actor& actor, const std::string& complaint_id,
                                                               const std::string& document_id) {
  if (auto department = CaseDepartment(actor, complaint_id); !department) {
    return std::unexpected(department.error());
  }
  if (!IsUuid(document_id)) return std::unexpected(NoSuchDocument());
  auto found = store_.Find(complaint_id, document_id);
  if (!found) return std::unexpected(found.error());
  // One not shared with the reader answers as one that does not exist.
  if (!*found || !MayListDocument(actor, (*found)->facts)) return std::unexpected(NoSuchDocument());
  return std::move(**found);
}

Result<v1::CaseDocument> CaseDocumentService::Get(const Actor& actor, const std::string& complaint_id,
                                                  const std::string& document_id) {
  auto visible = Visible(actor, complaint_id, document_id);
  if (!visible) return std::unexpected(visible.error());
  return std::move(visible->document);
}

Result<DocumentDownload> CaseDocumentService::Content(const Actor& actor, const std::string& complaint_id,
                                                      const std::string& document_id) {
  auto visible = Visible(actor, complaint_id, document_id);
  if (!visible) return std::unexpected(visible.error());
  if (!MayReadDocument(actor, visible->facts)) {
    const std::string why = visible->facts.scan_state == "infected"
                                ? "the document holds a virus and is quarantined: it is never served"
                                : "the document waits for its virus scan";
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, why));
  }
  if (visible->content_id == 0) return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the document's content is erased"));
  auto file = SpoolFile::Create(limits_.spool_directory);
  if (!file) return std::unexpected(file.error());
  if (auto read = store_.ReadContent(visible->content_id, [&](std::string_view bytes) { return file->Append(bytes); });
      !read) {
    return std::unexpected(read.error());
  }
  return DocumentDownload{std::move(visible->document), std::move(*file)};
}

Result<std::size_t> CaseDocumentService::ScanPending(std::size_t limit) {
  auto pending = store_.PendingScan(limit);
  if (!pending) return std::unexpected(pending.error());
  std::size_t decided = 0;
  for (const auto& stored : *pending) {
    if (stored.content_id == 0) continue;
    auto file = SpoolFile::Create(limits_.spool_directory);
    if (!file) return std::unexpected(file.error());
    if (auto read = store_.ReadContent(stored.content_id, [&](std::string_view bytes) { return file->Append(bytes); });
        !read) {
      // One document that cannot be read does not hold up the others.
      spdlog::warn("document {} waiting for its scan cannot be read: {}", stored.document.id(), read.error().message);
      continue;
    }
    std::string chunk;
    std::uint64_t offset = 0;
    std::optional<Error> read_error;
    auto verdict = scanner_.Scan([&]() -> std::string_view {
      auto next = file->ReadAt(offset, kReadBytes);
      if (!next) read_error = next.error();
      chunk = next ? std::move(*next) : std::string();
      offset += chunk.size();
      return chunk;
    });
    // Bytes only partly read were not scanned: no verdict.
    if (read_error) {
      spdlog::warn("document {} waiting for its scan cannot be read: {}", stored.document.id(), read_error->message);
      continue;
    }
    if (!verdict) return decided;  // still away: the rest wait too
    auto recorded = store_.RecordScan(stored.document.id(), verdict->infected, verdict->signature, clock_.Now());
    if (!recorded) return std::unexpected(recorded.error());
    if (*recorded) ++decided;
    if (verdict->infected) {
      spdlog::warn("a document waiting for its scan is infected and quarantined: case {}, {}",
                   stored.document.complaint_id(), verdict->signature);
    }
  }
  return decided;
}

}  // namespace ombudsflow::service
