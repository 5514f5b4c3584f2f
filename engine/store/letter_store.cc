#include "engine/store/letter_store.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <tuple>

#include "engine/core/base/hex.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::vector<DueLetter>> LetterStore::ClaimDue(Timestamp now, int limit, std::chrono::milliseconds lease,
                                                     const std::vector<std::string>& channels) {
  return database_.Run("claim due letters", [&](soci::session& session) -> Result<std::vector<DueLetter>> {
    std::string joined;
    for (const auto& channel : channels) joined += (joined.empty() ? "" : ",") + channel;
    const long long now_micros = ToUnixMicros(now);
    const long long until_micros = ToUnixMicros(now + lease);
    Rows rows(session,
              "UPDATE letters l SET next_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":until") ", attempts = l.attempts + 1"
              " FROM complaints c"
              " WHERE l.id IN (SELECT id FROM letters WHERE delivery_state = 'pending'"
              "   AND next_attempt_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now")
              "   AND channel = ANY(string_to_array(:channels, ','))"
              "   ORDER BY next_attempt_at, id LIMIT :limit::integer FOR UPDATE SKIP LOCKED)"
              "   AND c.id = l.complaint_id"
              " RETURNING l.id::text, l.complaint_id::text, c.case_number, l.channel, l.subject, l.html,"
              "   coalesce(encode(l.pdf, 'hex'), ''), coalesce(c.complainant_email, ''), l.attempts,"
              "   array_to_string(l.enclosures, ',')",
              soci::use(until_micros, "until"), soci::use(now_micros, "now"), soci::use(joined, "channels"),
              soci::use(limit, "limit"));
    std::vector<DueLetter> due;
    for (const auto& row : rows) {
      DueLetter letter{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                       row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
                       {},                      row.get<std::string>(7), row.get<int>(8)};
      auto pdf = HexDecode(row.get<std::string>(6));
      if (pdf) letter.pdf = std::move(*pdf);
      std::stringstream numbers(row.get<std::string>(9));
      for (std::string number; std::getline(numbers, number, ',');) letter.enclosures.push_back(std::stoi(number));
      due.push_back(std::move(letter));
    }
    // RETURNING keeps no order: send in the order the case wrote them.
    std::sort(due.begin(), due.end(), [](const DueLetter& a, const DueLetter& b) {
      return std::stoll(a.id) < std::stoll(b.id);
    });
    return due;
  });
}

Result<std::vector<LetterEnclosure>> LetterStore::Enclosures(const DueLetter& letter) {
  if (letter.enclosures.empty()) return std::vector<LetterEnclosure>{};
  return database_.Run("read a letter's enclosures", [&](soci::session& session) -> Result<std::vector<LetterEnclosure>> {
    std::vector<LetterEnclosure> enclosures;
    for (const std::int32_t number : letter.enclosures) {
      std::optional<std::tuple<std::string, std::string, std::string, long long>> found;
      // Only what the citizen may see goes to them.
      for (const soci::row& row : Rows(session,
                                       "SELECT d.file_name, d.media_type,"
                                       "  CASE WHEN d.audience = 'citizen' THEN d.scan_state ELSE 'not_shared' END,"
                                       "  coalesce(d.content_id, 0)"
                                       " FROM journal j JOIN case_documents d ON d.journal_id = j.id"
                                       " WHERE j.complaint_id = :case::uuid AND j.document_number = :number",
                                       soci::use(letter.complaint_id, "case"), soci::use(number, "number"))) {
        found.emplace(row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<long long>(3));
      }
      const std::string which = "enclosure (document " + std::to_string(number) + ")";
      if (!found || std::get<3>(*found) == 0 || std::get<2>(*found) == "infected" ||
          std::get<2>(*found) == "not_shared") {
        return std::unexpected(InvalidArgument(which + " cannot be sent: it is not a kept document of the case "
                                                       "shared with the citizen"));
      }
      if (std::get<2>(*found) != "clean") {
        return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, which + " waits for its virus scan"));
      }
      LetterEnclosure enclosure{number, std::get<0>(*found), std::get<1>(*found), {}};
      auto read = contents_.Read(session, std::get<3>(*found), [&](std::string_view chunk) -> Result<void> {
        enclosure.bytes.append(chunk);
        return {};
      });
      if (!read) return std::unexpected(read.error());
      enclosures.push_back(std::move(enclosure));
    }
    return enclosures;
  });
}

Result<void> LetterStore::RecordPdf(const std::string& id, const std::string& pdf, const std::string& sha256) {
  return database_.Run("record a letter's PDF", [&](soci::session& session) -> Result<void> {
    const std::string hex = HexEncode(pdf);
    session << "WITH l AS (UPDATE letters SET pdf = decode(:pdf, 'hex'), pdf_sha256 = :sha"
               "   WHERE id = :id::bigint AND pdf IS NULL RETURNING id)"
               " UPDATE journal SET sha256 = :sha2 FROM l WHERE journal.letter_id = l.id",
        soci::use(hex, "pdf"), soci::use(sha256, "sha"), soci::use(id, "id"), soci::use(sha256, "sha2");
    return {};
  });
}

Result<std::vector<UnarchivedLetter>> LetterStore::UnarchivedNoticeLetters(int limit) {
  return database_.Run("list letters to archive", [&](soci::session& session) -> Result<std::vector<UnarchivedLetter>> {
    Rows rows(session,
              "SELECT id::text, html FROM letters WHERE delivery_state = 'with_notice' AND pdf IS NULL"
              " ORDER BY id LIMIT :limit::integer",
              soci::use(limit, "limit"));
    std::vector<UnarchivedLetter> letters;
    for (const auto& row : rows) letters.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    return letters;
  });
}

Result<void> LetterStore::Record(const LetterOutcome& outcome, Timestamp now) {
  return database_.Run("record a letter's delivery", [&](soci::session& session) -> Result<void> {
    const long long now_micros = ToUnixMicros(now);
    switch (outcome.kind) {
      case LetterOutcome::Kind::kDelivered:
        session << "UPDATE letters SET delivery_state = 'delivered', delivered_at = " OF_MICROS_TO_TIMESTAMPTZ(":now")
                   ", next_attempt_at = NULL, last_error = NULL WHERE id = :id::bigint AND delivery_state = 'pending'",
            soci::use(now_micros, "now"), soci::use(outcome.id, "id");
        break;
      case LetterOutcome::Kind::kRetry: {
        const long long next = ToUnixMicros(outcome.next_attempt_at);
        session << "UPDATE letters SET next_attempt_at = " OF_MICROS_TO_TIMESTAMPTZ(":next") ", last_error = :error"
                   " WHERE id = :id::bigint AND delivery_state = 'pending'",
            soci::use(next, "next"), soci::use(outcome.error, "error"), soci::use(outcome.id, "id");
        break;
      }
      case LetterOutcome::Kind::kDeadLetter:
        // The office must send it some other way: an alert on the case.
        session << "WITH l AS (UPDATE letters SET delivery_state = 'dead_letter', next_attempt_at = NULL,"
                   "   last_error = :error WHERE id = :id::bigint AND delivery_state = 'pending'"
                   "   RETURNING id, complaint_id, event_seq, channel)"
                   " INSERT INTO outbox (complaint_id, event_seq, kind, payload, created_at)"
                   " SELECT l.complaint_id, l.event_seq, 'office_alert',"
                   "   json_build_object('complaintId', l.complaint_id, 'letterId', l.id::text, 'channel', l.channel,"
                   "     'role', 'caseworker', 'about', 'letter_dead_letter', 'reason', :reason::text),"
                   "   " OF_MICROS_TO_TIMESTAMPTZ(":now") " FROM l",
            soci::use(outcome.error, "error"), soci::use(outcome.id, "id"), soci::use(outcome.error, "reason"),
            soci::use(now_micros, "now");
        break;
    }
    return {};
  });
}

}  // namespace ombudsflow::store
