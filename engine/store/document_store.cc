#include "engine/store/document_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/uuid.h"
#include "engine/core/policy/access_policy.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

bool CaseExists(soci::session& session, const std::string& id) {
  int found = 0;
  session << "SELECT count(*) FROM complaints WHERE id = :id::uuid", soci::use(id, "id"), soci::into(found);
  return found > 0;
}

}  // namespace

Result<v1::ListLettersResponse> DocumentStore::Letters(const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return std::unexpected(NoSuchCase(complaint_id));
  return database_.Run("list letters", [&](soci::session& session) -> Result<v1::ListLettersResponse> {
    if (!CaseExists(session, complaint_id)) return std::unexpected(NoSuchCase(complaint_id));
    v1::ListLettersResponse response;
    Rows rows(session,
              "SELECT id::text, template, variant, recipient, channel, subject, html,"
              " (extract(epoch FROM created_at) * 1000000)::bigint, event_seq, html_sha256,"
              " coalesce(pdf_sha256, ''), delivery_state, interpreter_note::int"
              " FROM letters WHERE complaint_id = :id::uuid ORDER BY letters.id",
              soci::use(complaint_id, "id"));
    for (const auto& row : rows) {
      v1::Letter& letter = *response.add_letters();
      letter.set_id(row.get<std::string>(0));
      letter.set_template_(row.get<std::string>(1));
      letter.set_variant(row.get<std::string>(2));
      letter.set_recipient(row.get<std::string>(3));
      letter.set_channel(row.get<std::string>(4));
      letter.set_subject(row.get<std::string>(5));
      letter.set_html(row.get<std::string>(6));
      *letter.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(7));
      letter.set_event_seq(static_cast<std::uint32_t>(row.get<int>(8)));
      letter.set_html_sha256(row.get<std::string>(9));
      letter.set_pdf_sha256(row.get<std::string>(10));
      letter.set_delivery_state(row.get<std::string>(11));
      letter.set_interpreter_note(row.get<int>(12) != 0);
    }
    return response;
  });
}

Result<std::string> DocumentStore::LetterPdf(const std::string& complaint_id, const std::string& letter_id) {
  const auto no_such_letter = [] { return MakeError(ErrorCode::kNotFound, "no such letter, or its PDF is not made yet"); };
  // A letter's id is a number: anything else names no letter, and never
  // reaches a cast in SQL.
  if (!IsUuid(complaint_id) || letter_id.empty() || letter_id.size() > 18 ||
      letter_id.find_first_not_of("0123456789") != std::string::npos) {
    return std::unexpected(no_such_letter());
  }
  return database_.Run("read a letter's PDF", [&](soci::session& session) -> Result<std::string> {
    std::string hex;
    soci::indicator present = soci::i_null;
    session << "SELECT encode(pdf, 'hex') FROM letters WHERE complaint_id = :case::uuid AND id = :letter::bigint",
        soci::use(complaint_id, "case"), soci::use(letter_id, "letter"), soci::into(hex, present);
    if (!session.got_data() || present != soci::i_ok) return std::unexpected(no_such_letter());
    auto pdf = HexDecode(hex);
    if (!pdf) return std::unexpected(Internal("a stored PDF is not hex"));
    return std::move(*pdf);
  });
}

namespace {

// The letter to the department queued with a notice, by the case change
// (complaint and event) they share; scoped like the notice.
constexpr const char* kNoticeLetter =
    " FROM letters l JOIN notices n ON n.complaint_id = l.complaint_id AND n.event_seq = l.event_seq"
    " WHERE n.id = :notice::uuid AND (:department_a::text IS NULL OR n.department = :department_b)"
    "   AND l.recipient = 'department'";

}  // namespace

Result<std::optional<v1::Letter>> DocumentStore::NoticeLetter(const std::string& notice_id,
                                                              const std::string& department) {
  if (!IsUuid(notice_id)) return std::unexpected(MakeError(ErrorCode::kNotFound, "no notice " + notice_id));
  return database_.Run("read a notice's letter", [&](soci::session& session) -> Result<std::optional<v1::Letter>> {
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator department_ind2 = department_ind;
    Rows rows(session,
              std::string("SELECT l.id::text, l.template, l.variant, l.channel, l.subject, l.html,"
                          " (extract(epoch FROM l.created_at) * 1000000)::bigint, coalesce(l.pdf_sha256, '')") +
                  kNoticeLetter + " ORDER BY l.id LIMIT 1",
              soci::use(notice_id, "notice"), soci::use(department, department_ind, "department_a"),
              soci::use(department, department_ind2, "department_b"));
    for (const auto& row : rows) {
      v1::Letter letter;
      letter.set_id(row.get<std::string>(0));
      letter.set_template_(row.get<std::string>(1));
      letter.set_variant(row.get<std::string>(2));
      letter.set_recipient("department");
      letter.set_channel(row.get<std::string>(3));
      letter.set_subject(row.get<std::string>(4));
      letter.set_html(row.get<std::string>(5));
      *letter.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(6));
      letter.set_pdf_sha256(row.get<std::string>(7));
      return std::optional<v1::Letter>(std::move(letter));
    }
    return std::optional<v1::Letter>();
  });
}

Result<std::string> DocumentStore::NoticeLetterPdf(const std::string& notice_id, const std::string& department) {
  const auto no_such_letter = [] { return MakeError(ErrorCode::kNotFound, "no such letter, or its PDF is not made yet"); };
  if (!IsUuid(notice_id)) return std::unexpected(no_such_letter());
  return database_.Run("read a notice's letter PDF", [&](soci::session& session) -> Result<std::string> {
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator department_ind2 = department_ind;
    std::string hex;
    soci::indicator present = soci::i_null;
    session << std::string("SELECT encode(l.pdf, 'hex')") + kNoticeLetter + " ORDER BY l.id LIMIT 1",
        soci::use(notice_id, "notice"), soci::use(department, department_ind, "department_a"),
        soci::use(department, department_ind2, "department_b"), soci::into(hex, present);
    if (!session.got_data() || present != soci::i_ok) return std::unexpected(no_such_letter());
    auto pdf = HexDecode(hex);
    if (!pdf) return std::unexpected(Internal("a stored PDF is not hex"));
    return std::move(*pdf);
  });
}

Result<v1::ListJournalResponse> DocumentStore::Journal(const std::string& complaint_id) {
  if (!IsUuid(complaint_id)) return std::unexpected(NoSuchCase(complaint_id));
  return database_.Run("list the journal", [&](soci::session& session) -> Result<v1::ListJournalResponse> {
    if (!CaseExists(session, complaint_id)) return std::unexpected(NoSuchCase(complaint_id));
    v1::ListJournalResponse response;
    // A letter's entry holds its PDF's hash once the letter job rendered it
    // (LetterStore::RecordPdf): the document that is archived and sent.
    // journal.id, not id: a bare name in ORDER BY is the output column,
    // id::text, which put entry 10 before entry 2.
    Rows rows(session,
              "SELECT id::text, (extract(epoch FROM at) * 1000000)::bigint, direction, counterpart,"
              " document_kind, subject, sha256, coalesce(letter_id::text, ''), event_seq, document_number"
              " FROM journal WHERE complaint_id = :id::uuid ORDER BY journal.id",
              soci::use(complaint_id, "id"));
    for (const auto& row : rows) {
      v1::JournalEntry& entry = *response.add_entries();
      entry.set_id(row.get<std::string>(0));
      *entry.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(1));
      entry.set_direction(row.get<std::string>(2));
      entry.set_counterpart(row.get<std::string>(3));
      entry.set_document_kind(row.get<std::string>(4));
      entry.set_subject(row.get<std::string>(5));
      entry.set_sha256(row.get<std::string>(6));
      entry.set_letter_id(row.get<std::string>(7));
      entry.set_event_seq(static_cast<std::uint32_t>(row.get<int>(8)));
      entry.set_document_number(static_cast<std::uint32_t>(row.get<int>(9)));
    }
    return response;
  });
}

}  // namespace ombudsflow::store
