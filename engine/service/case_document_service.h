#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/service/clamd_scanner.h"
#include "engine/service/spool_file.h"
#include "engine/store/case_document_store.h"
#include "engine/store/transition_store.h"
#include "ombudsflow/v1/documents.pb.h"

namespace ombudsflow::service {

/// What the office allows of documents (serve's --document-* options).
struct DocumentLimits {
  std::uint64_t max_file_bytes = 25ull * 1024 * 1024;
  std::uint64_t max_case_bytes = 500ull * 1024 * 1024;
  std::vector<std::string> allowed_types;  // empty: DefaultDocumentTypes()
  std::string spool_directory = "/tmp";
};

/// Refusal reasons an upload's error carries in its field violation, for
/// the API to answer with their own status (413, 415, 422).
inline constexpr std::string_view kFileTooLarge = "file_too_large";
inline constexpr std::string_view kCaseTotal = "case_total";
inline constexpr std::string_view kUnsupportedType = "unsupported_type";
inline constexpr std::string_view kInfected = "infected";

/// An upload's outcome: the document, and whether it was made now (false
/// when a retry with the same Idempotency-Key found it).
struct UploadOutcome {
  v1::CaseDocument document;
  bool created = true;
};

/// A multipart/form-data upload, read: its description (with the problems
/// found in its fields) and its file, spooled on its own.
struct FormUpload {
  v1::UploadDocumentRequest request;
  std::vector<FieldViolation> violations;
  SpoolFile file;
};

/// A file checked as every upload is (CaseDocumentService::Check).
struct CheckedFile {
  std::string media_type;
  std::string sha256;
  std::string file_name;  // with its content's extension
  bool scanned = false;   // false while the scanner is away
  bool infected = false;
  std::string signature;  // when infected
};

/// A citizen's document's title and file name, as kept.
struct CitizenFileDescription {
  std::string title;
  std::string file_name;
};

/// A document's bytes on their way out, spooled, with what it is.
struct DocumentDownload {
  v1::CaseDocument document;
  SpoolFile file;
};

/// A case's documents (sagens akter): kept after their type, size and
/// virus scan are checked, and shown to each reader as its audience says.
class CaseDocumentService {
 public:
  CaseDocumentService(store::CaseDocumentStore& store, store::TransitionStore& cases, const ClamdScanner& scanner,
                      const Clock& clock, IdGenerator& ids, DocumentLimits limits);

  /// Keeps the document in a multipart/form-data body (`content_type` with
  /// its boundary): its description in fields named as
  /// v1::UploadDocumentRequest's, its bytes in the part "file", whose file
  /// name is the document's unless a field "file_name" says otherwise.
  [[nodiscard]] Result<UploadOutcome> UploadForm(const Actor& actor, const std::string& complaint_id,
                                                 const SpoolFile& body, const std::string& content_type,
                                                 const std::string& idempotency_key);

  /// Reads a multipart/form-data body (`content_type` with its boundary):
  /// the description from fields named as v1::UploadDocumentRequest's,
  /// the bytes from the part "file", whose file name is the document's
  /// unless a field "file_name" says otherwise. kInvalidArgument for a
  /// malformed body, kResourceExhausted (kFileTooLarge) for a file over
  /// the limit, read no further.
  [[nodiscard]] Result<FormUpload> ReadForm(const SpoolFile& body, const std::string& content_type);

  /// Keeps `file`, described by `request`.
  [[nodiscard]] Result<UploadOutcome> UploadFile(const Actor& actor, const std::string& complaint_id,
                                                 const v1::UploadDocumentRequest& request, const SpoolFile& file,
                                                 const std::string& idempotency_key);

  /// Keeps an internal note (notatpligt, offentlighedsloven § 13) typed by
  /// office staff: a document of its own, plain text, for the office alone.
  [[nodiscard]] Result<UploadOutcome> AddNote(const Actor& actor, const std::string& complaint_id,
                                              const v1::AddNoteRequest& request, const std::string& idempotency_key);

  /// Keeps a message between the office and the case's citizen, shown on
  /// Min sag: plain text, journalised as a document. Office staff write
  /// out to the citizen, who is then told by an e-mail saying nothing of
  /// it; the citizen (CitizenActor(), through Min sag alone) writes in,
  /// and the office is alerted. Text up to kMaxMessageCharacters, no
  /// control characters.
  [[nodiscard]] Result<UploadOutcome> KeepMessage(const Actor& actor, const std::string& complaint_id,
                                                  const std::string& text, const std::string& idempotency_key);
  static constexpr std::size_t kMaxMessageCharacters = 5000;

  /// Keeps a document the citizen sends from Min sag (a multipart/form-data
  /// body of a "title", optional, and its "file"): one the office received
  /// from the citizen, for the office alone until it shares it, scanned and
  /// limited as every upload, with an office alert. The caller has opened
  /// the case's Min sag session.
  [[nodiscard]] Result<UploadOutcome> UploadFromCitizen(const std::string& complaint_id, const SpoolFile& body,
                                                        const std::string& content_type,
                                                        const std::string& idempotency_key);
  /// Keeps a citizen's `file` as UploadFromCitizen does, described by its
  /// `title` (optional) and `file_name`: for the complaint form's files,
  /// once its case exists.
  [[nodiscard]] Result<UploadOutcome> KeepFromCitizen(const std::string& complaint_id, std::string_view title,
                                                      std::string_view file_name, const SpoolFile& file,
                                                      const std::string& idempotency_key);
  /// A citizen's title (one line, at most kMaxCitizenTitle characters;
  /// empty: "Dokument fra borgeren") and file name, as kept; the field at
  /// fault otherwise.
  [[nodiscard]] static Result<CitizenFileDescription> DescribeCitizenFile(std::string_view title,
                                                                          std::string_view file_name);
  static constexpr std::size_t kMaxCitizenTitle = 200;
  /// Checks `file` as every upload is checked before it is kept: not empty,
  /// within the file limit, a type kept here by its content (an office
  /// document readable whole, without macros or a password), and scanned
  /// when the scanner answers. The refusals carry the reasons above.
  [[nodiscard]] Result<CheckedFile> Check(const SpoolFile& file, const std::string& file_name) const;

  /// A case's documents as stored, whoever may see them: for Min sag,
  /// which chooses the citizen's.
  [[nodiscard]] Result<std::vector<store::StoredCaseDocument>> AllOf(const std::string& complaint_id) {
    return store_.List(complaint_id);
  }
  /// A stored document's bytes, spooled (`document` from AllOf).
  [[nodiscard]] Result<SpoolFile> BytesOf(const store::StoredCaseDocument& document);

  [[nodiscard]] Result<v1::ListCaseDocumentsResponse> List(const Actor& actor, const std::string& complaint_id);
  [[nodiscard]] Result<v1::CaseDocument> Get(const Actor& actor, const std::string& complaint_id,
                                             const std::string& document_id);
  /// A document's bytes, for whoever may read them: never an infected one.
  [[nodiscard]] Result<DocumentDownload> Content(const Actor& actor, const std::string& complaint_id,
                                                 const std::string& document_id);

  /// Scans up to `limit` documents waiting for their scan; how many it
  /// decided (none while the scanner is unavailable).
  [[nodiscard]] Result<std::size_t> ScanPending(std::size_t limit);

  [[nodiscard]] const DocumentLimits& limits() const { return limits_; }

 private:
  // The case's department, once `actor` may see the case.
  [[nodiscard]] Result<std::string> CaseDepartment(const Actor& actor, const std::string& complaint_id);
  struct Classified {
    std::string media_type;
    std::optional<ScanVerdict> verdict;  // none while the scanner is away
  };
  [[nodiscard]] Result<void> CheckSize(const SpoolFile& file) const;
  // Its type (unless `known_type` says), that the type is kept, and its scan.
  [[nodiscard]] Result<Classified> Classify(const SpoolFile& file, const std::optional<std::string>& known_type) const;
  // Checks, types (unless `known_type` says), scans and keeps `file`.
  [[nodiscard]] Result<UploadOutcome> Keep(const Actor& actor, const std::string& complaint_id,
                                           DocumentDescription description, const SpoolFile& file,
                                           const std::string& idempotency_key,
                                           const std::optional<std::string>& known_type, Timestamp now,
                                           const store::NewCaseDocument& extras = {});
  [[nodiscard]] Result<store::StoredCaseDocument> Visible(const Actor& actor, const std::string& complaint_id,
                                                          const std::string& document_id);

  store::CaseDocumentStore& store_;
  store::TransitionStore& cases_;
  const ClamdScanner& scanner_;
  const Clock& clock_;
  IdGenerator& ids_;
  DocumentLimits limits_;
};

}  // namespace ombudsflow::service
