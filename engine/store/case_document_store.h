#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/documents/case_document_rules.h"
#include "engine/core/documents/office_container.h"
#include "engine/store/content_store.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/documents.pb.h"

namespace ombudsflow::store {

/// A document to keep, as checked and scanned.
struct NewCaseDocument {
  std::string id;
  std::string complaint_id;
  DocumentDescription description;
  std::string media_type;
  std::uint64_t size_bytes = 0;
  std::string sha256;
  std::string scan_state;      // "pending", "clean", "infected"
  std::string scan_signature;  // when infected
  std::string uploaded_by;     // Actor::Id()
  std::string uploader_department;
  std::string idempotency_key;  // empty: none
  std::string fingerprint;
  Timestamp now{};
  // A message on Min sag (v1::CaseDocument.message).
  bool is_message = false;
  // An office alert raised on its case when it is kept ("" for none).
  std::string alert = {};
  // Queues the e-mail telling the citizen a message waits on Min sag.
  bool notify_citizen = false;
};

/// A kept document, with what decides who sees it.
struct StoredCaseDocument {
  v1::CaseDocument document;
  DocumentFacts facts;
  std::int64_t content_id = 0;  // 0 once erased
  std::string fingerprint;
};

/// The documents of cases: their descriptions in case_documents, their
/// journal entries (which number them) and their bytes in a ContentStore.
class CaseDocumentStore {
 public:
  CaseDocumentStore(Database& database, ContentStore& contents) : database_(database), contents_(contents) {}

  /// Keeps `document`, its `size_bytes` bytes read by `read`, in one
  /// transaction: its bytes, its row, and (unless infected) its journal
  /// entry and so its document number. An infected document is
  /// quarantined and a pending one waits for its scan; each raises an
  /// office alert on its case. kResourceExhausted (field "file", reason
  /// "case_total") when the bytes the case keeps, quarantined ones too,
  /// would pass `case_total_limit`; kAlreadyExists when its
  /// Idempotency-Key was taken meanwhile.
  [[nodiscard]] Result<StoredCaseDocument> Insert(const NewCaseDocument& document, const ReadAt& read,
                                                  std::uint64_t case_total_limit);

  /// The document an uploader kept under `idempotency_key`, if any.
  [[nodiscard]] Result<std::optional<StoredCaseDocument>> FindByIdempotencyKey(const std::string& uploaded_by,
                                                                              const std::string& idempotency_key);

  /// A case's documents, by document number (the quarantined last).
  [[nodiscard]] Result<std::vector<StoredCaseDocument>> List(const std::string& complaint_id);

  /// One document of a case; nullopt when the case has none by that id.
  [[nodiscard]] Result<std::optional<StoredCaseDocument>> Find(const std::string& complaint_id,
                                                              const std::string& document_id);

  /// Passes a document's bytes to `sink`, chunk by chunk.
  [[nodiscard]] Result<void> ReadContent(std::int64_t content_id,
                                         const std::function<Result<void>(std::string_view)>& sink);

  /// Documents waiting for their scan whose bytes are still kept, oldest
  /// first.
  [[nodiscard]] Result<std::vector<StoredCaseDocument>> PendingScan(std::size_t limit);

  /// Records a pending document's scan: clean, or infected (quarantined,
  /// with an office alert). False when it was not pending any more.
  [[nodiscard]] Result<bool> RecordScan(const std::string& document_id, bool infected, const std::string& signature,
                                        Timestamp now);

 private:
  Database& database_;
  ContentStore& contents_;
};

}  // namespace ombudsflow::store
