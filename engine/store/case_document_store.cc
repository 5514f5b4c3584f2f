#include "engine/store/case_document_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/iso_date.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kDocumentSelect =
    "SELECT d.id::text, d.complaint_id::text, coalesce(j.document_number, 0), d.title, d.direction, d.counterpart,"
    " to_char(d.document_date, 'YYYY-MM-DD'), d.audience, d.file_name, d.media_type, d.size_bytes, d.sha256,"
    " d.scan_state, coalesce(d.scan_signature, ''), (extract(epoch FROM d.created_at) * 1000000)::bigint,"
    " d.uploaded_by, coalesce(d.content_id, 0), coalesce(d.fingerprint, ''), d.is_message::integer"
    " FROM case_documents d LEFT JOIN journal j ON j.id = d.journal_id";

StoredCaseDocument RowToDocument(const soci::row& row) {
  StoredCaseDocument stored;
  v1::CaseDocument& document = stored.document;
  document.set_id(row.get<std::string>(0));
  document.set_complaint_id(row.get<std::string>(1));
  document.set_document_number(static_cast<std::uint32_t>(row.get<int>(2)));
  document.set_title(row.get<std::string>(3));
  document.set_direction(DirectionOf(row.get<std::string>(4)));
  document.set_counterpart(row.get<std::string>(5));
  document.set_document_date(row.get<std::string>(6));
  stored.facts.audience = row.get<std::string>(7);
  document.set_audience(AudienceOf(stored.facts.audience));
  document.set_file_name(row.get<std::string>(8));
  document.set_media_type(row.get<std::string>(9));
  document.set_size_bytes(static_cast<std::uint64_t>(row.get<long long>(10)));
  document.set_sha256(row.get<std::string>(11));
  stored.facts.scan_state = row.get<std::string>(12);
  document.set_scan_state(ScanStateOf(stored.facts.scan_state));
  document.set_scan_signature(row.get<std::string>(13));
  *document.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(14));
  stored.facts.uploaded_by = row.get<std::string>(15);
  document.set_uploaded_by(stored.facts.uploaded_by);
  stored.content_id = row.get<long long>(16);
  stored.fingerprint = row.get<std::string>(17);
  document.set_message(row.get<int>(18) != 0);
  return stored;
}

// An office alert on the document's case, at the case's newest event.
void RaiseAlert(soci::session& session, const std::string& complaint_id, const std::string& document_id,
                const std::string& about, const std::string& reason, long long now_micros) {
  session << "INSERT INTO outbox (complaint_id, event_seq, kind, payload, created_at)"
             " SELECT c.id, s.version, 'office_alert',"
             "   json_build_object('complaintId', c.id, 'caseNumber', c.case_number, 'documentId', :document::text,"
             "     'role', 'caseworker', 'about', :about::text, 'reason', :reason::text),"
             "   " OF_MICROS_TO_TIMESTAMPTZ(":now") " FROM complaints c JOIN case_state s ON s.id = c.id"
             " WHERE c.id = :case::uuid",
      soci::use(document_id, "document"), soci::use(about, "about"), soci::use(reason, "reason"),
      soci::use(now_micros, "now"), soci::use(complaint_id, "case");
}

}  // namespace

Result<StoredCaseDocument> CaseDocumentStore::Insert(const NewCaseDocument& document, const ReadAt& read,
                                                     std::uint64_t case_total_limit) {
  return database_.Run("keep a case document", [&](soci::session& session) -> Result<StoredCaseDocument> {
    soci::transaction transaction(session);
    // The bytes first, while no lock is held: they take the longest.
    const std::int64_t content_id = contents_.Write(session, document.size_bytes, document.sha256, read);
    const long long now = ToUnixMicros(document.now);
    const bool infected = document.scan_state == "infected";
    // The case's counter row, locked until commit: uploads to one case
    // check its total and take their numbers one at a time.
    session << "INSERT INTO case_document_counters (complaint_id, last_number) VALUES (:case::uuid, 0)"
               " ON CONFLICT (complaint_id) DO NOTHING",
        soci::use(document.complaint_id, "case");
    int last_number = 0;
    session << "SELECT last_number FROM case_document_counters WHERE complaint_id = :case::uuid FOR UPDATE",
        soci::use(document.complaint_id, "case"), soci::into(last_number);
    // Every kept byte counts, quarantined ones too: infected uploads must
    // not fill the database past the case's room.
    long long kept = 0;
    session << "SELECT coalesce(sum(size_bytes), 0)::bigint FROM case_documents"
               " WHERE complaint_id = :case::uuid AND content_id IS NOT NULL",
        soci::use(document.complaint_id, "case"), soci::into(kept);
    if (static_cast<std::uint64_t>(kept) + document.size_bytes > case_total_limit) {
      return std::unexpected(
          Error{ErrorCode::kResourceExhausted,
                "the case's documents would take more than " + std::to_string(case_total_limit) + " bytes",
                {{"file", "the case has no room for this document", "case_total"}}});
    }
    std::optional<long long> journal_id;
    if (!infected) {
      long long id = 0;
      const std::string title = document.description.title;
      session << "INSERT INTO journal (complaint_id, event_seq, at, direction, counterpart, document_kind, subject,"
                 " sha256) SELECT s.id, s.version, " OF_MICROS_TO_TIMESTAMPTZ(":at") ", :direction, :counterpart,"
                 " 'document', :title, :sha FROM case_state s WHERE s.id = :case::uuid RETURNING id",
          soci::use(now, "at"), soci::use(document.description.direction, "direction"),
          soci::use(document.description.counterpart, "counterpart"), soci::use(title, "title"),
          soci::use(document.sha256, "sha"), soci::use(document.complaint_id, "case"), soci::into(id);
      if (!session.got_data()) return std::unexpected(NotFound("no complaint " + document.complaint_id));
      journal_id = id;
    }
    const std::string date = FormatIsoDate(document.description.document_date);
    const long long size = static_cast<long long>(document.size_bytes);
    const long long content = content_id;
    const long long journal = journal_id.value_or(0);
    const int pending = document.scan_state == "pending" ? 1 : 0;
    const int is_message = document.is_message ? 1 : 0;
    try {
      session << "INSERT INTO case_documents (id, complaint_id, journal_id, title, direction, counterpart,"
                 " document_date, audience, file_name, media_type, size_bytes, sha256, content_id, scan_state,"
                 " scan_signature, scanned_at, uploaded_by, uploader_department, created_at, idempotency_owner,"
                 " idempotency_key, fingerprint, is_message) VALUES (:id::uuid, :case::uuid, NULLIF(:journal, 0), :title,"
                 " :direction, :counterpart, :date::date, :audience, :file_name, :media_type, :size, :sha, :content,"
                 " :state, NULLIF(:signature, ''),"
                 " CASE WHEN :pending = 1 THEN NULL ELSE " OF_MICROS_TO_TIMESTAMPTZ(":scanned") " END,"
                 " :by, NULLIF(:department, ''), " OF_MICROS_TO_TIMESTAMPTZ(":now") ","
                 " CASE WHEN :key = '' THEN NULL ELSE :owner END, NULLIF(:key2, ''), :fingerprint, :message = 1)",
          soci::use(document.id, "id"), soci::use(document.complaint_id, "case"), soci::use(journal, "journal"),
          soci::use(document.description.title, "title"), soci::use(document.description.direction, "direction"),
          soci::use(document.description.counterpart, "counterpart"), soci::use(date, "date"),
          soci::use(document.description.audience, "audience"),
          soci::use(document.description.file_name, "file_name"), soci::use(document.media_type, "media_type"),
          soci::use(size, "size"), soci::use(document.sha256, "sha"), soci::use(content, "content"),
          soci::use(document.scan_state, "state"), soci::use(document.scan_signature, "signature"),
          soci::use(pending, "pending"), soci::use(now, "scanned"),
          soci::use(document.uploaded_by, "by"), soci::use(document.uploader_department, "department"),
          soci::use(now, "now"), soci::use(document.idempotency_key, "key"),
          soci::use(document.uploaded_by, "owner"), soci::use(document.idempotency_key, "key2"),
          soci::use(document.fingerprint, "fingerprint"), soci::use(is_message, "message");
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation && ConstraintName(error) == "case_documents_idempotency_key") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "a document with this Idempotency-Key exists"));
      }
      throw;
    }
    if (infected) {
      RaiseAlert(session, document.complaint_id, document.id, "document_quarantined", document.scan_signature, now);
    } else if (document.scan_state == "pending") {
      RaiseAlert(session, document.complaint_id, document.id, "document_scan_pending", "", now);
    }
    if (!document.alert.empty() && !infected) {
      RaiseAlert(session, document.complaint_id, document.id, document.alert, "", now);
    }
    if (document.notify_citizen && !infected) {
      session << "INSERT INTO citizen_notifications (complaint_id, kind, created_at, next_attempt_at)"
                 " VALUES (:case::uuid, 'message', " OF_MICROS_TO_TIMESTAMPTZ(":now1") ", "
                 OF_MICROS_TO_TIMESTAMPTZ(":now2") ")",
          soci::use(document.complaint_id, "case"), soci::use(now, "now1"), soci::use(now, "now2");
    }
    transaction.commit();
    StoredCaseDocument stored;
    for (const soci::row& row :
         Rows(session, std::string(kDocumentSelect) + " WHERE d.id = :id::uuid", soci::use(document.id, "id"))) {
      stored = RowToDocument(row);
    }
    return stored;
  });
}

Result<std::optional<StoredCaseDocument>> CaseDocumentStore::FindByIdempotencyKey(
    const std::string& uploaded_by, const std::string& idempotency_key) {
  return database_.Run("find a document by its idempotency key",
                       [&](soci::session& session) -> Result<std::optional<StoredCaseDocument>> {
                         std::optional<StoredCaseDocument> found;
                         for (const soci::row& row :
                              Rows(session,
                                   std::string(kDocumentSelect) +
                                       " WHERE d.idempotency_owner = :owner AND d.idempotency_key = :key",
                                   soci::use(uploaded_by, "owner"), soci::use(idempotency_key, "key"))) {
                           found = RowToDocument(row);
                         }
                         return found;
                       });
}

Result<std::vector<StoredCaseDocument>> CaseDocumentStore::List(const std::string& complaint_id) {
  return database_.Run("list a case's documents", [&](soci::session& session) -> Result<std::vector<StoredCaseDocument>> {
    std::vector<StoredCaseDocument> documents;
    for (const soci::row& row :
         Rows(session,
              std::string(kDocumentSelect) +
                  " WHERE d.complaint_id = :case::uuid ORDER BY j.document_number NULLS LAST, d.created_at, d.id",
              soci::use(complaint_id, "case"))) {
      documents.push_back(RowToDocument(row));
    }
    return documents;
  });
}

Result<std::optional<StoredCaseDocument>> CaseDocumentStore::Find(const std::string& complaint_id,
                                                                 const std::string& document_id) {
  return database_.Run("find a case document", [&](soci::session& session) -> Result<std::optional<StoredCaseDocument>> {
    std::optional<StoredCaseDocument> found;
    for (const soci::row& row :
         Rows(session, std::string(kDocumentSelect) + " WHERE d.complaint_id = :case::uuid AND d.id = :id::uuid",
              soci::use(complaint_id, "case"), soci::use(document_id, "id"))) {
      found = RowToDocument(row);
    }
    return found;
  });
}

Result<void> CaseDocumentStore::ReadContent(std::int64_t content_id,
                                            const std::function<Result<void>(std::string_view)>& sink) {
  return database_.Run("read a document's bytes", [&](soci::session& session) -> Result<void> {
    return contents_.Read(session, content_id, sink);
  });
}

Result<std::vector<StoredCaseDocument>> CaseDocumentStore::PendingScan(std::size_t limit) {
  return database_.Run("list documents waiting for a scan",
                       [&](soci::session& session) -> Result<std::vector<StoredCaseDocument>> {
                         std::vector<StoredCaseDocument> documents;
                         const long long count = static_cast<long long>(limit);
                         for (const soci::row& row :
                              Rows(session,
                                   std::string(kDocumentSelect) +
                                       " WHERE d.scan_state = 'pending' AND d.content_id IS NOT NULL"
                                       " ORDER BY d.created_at, d.id LIMIT :limit",
                                   soci::use(count, "limit"))) {
                           documents.push_back(RowToDocument(row));
                         }
                         return documents;
                       });
}

Result<bool> CaseDocumentStore::RecordScan(const std::string& document_id, bool infected,
                                           const std::string& signature, Timestamp now) {
  return database_.Run("record a document's scan", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    const std::string state = infected ? "infected" : "clean";
    std::string complaint_id;
    session << "UPDATE case_documents SET scan_state = :state, scan_signature = NULLIF(:signature, ''),"
               " scanned_at = " OF_MICROS_TO_TIMESTAMPTZ(":at")
               " WHERE id = :id::uuid AND scan_state = 'pending' RETURNING complaint_id::text",
        soci::use(state, "state"), soci::use(signature, "signature"), soci::use(at, "at"),
        soci::use(document_id, "id"), soci::into(complaint_id);
    if (!session.got_data()) return false;
    if (infected) RaiseAlert(session, complaint_id, document_id, "document_quarantined", signature, at);
    transaction.commit();
    return true;
  });
}

}  // namespace ombudsflow::store
