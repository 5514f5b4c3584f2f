#include "engine/store/citizen_letter_store.h"

#include <algorithm>

#include "engine/core/base/hex.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::vector<CitizenLetter>> CitizenLetterStore::Sent(const std::string& complaint_id) {
  return database_.Run("list a citizen's letters", [&](soci::session& session) -> Result<std::vector<CitizenLetter>> {
    std::vector<CitizenLetter> letters;
    for (const soci::row& row :
         Rows(session,
              "SELECT l.id::text, coalesce(j.document_number, 0), l.subject,"
              " (extract(epoch FROM coalesce(l.delivered_at, l.created_at)) * 1000000)::bigint,"
              " array_to_string(l.enclosures, ',')"
              " FROM letters l LEFT JOIN journal j ON j.letter_id = l.id"
              " WHERE l.complaint_id = :case::uuid AND l.recipient = 'citizen' AND l.delivery_state = 'delivered'"
              " AND l.pdf IS NOT NULL ORDER BY l.id",
              soci::use(complaint_id, "case"))) {
      CitizenLetter letter{.id = row.get<std::string>(0),
                           .document_number = row.get<int>(1),
                           .subject = row.get<std::string>(2),
                           .sent_at = FromUnixMicros(row.get<long long>(3))};
      const std::string enclosures = row.get<std::string>(4);
      for (std::size_t at = 0; at < enclosures.size();) {
        const std::size_t comma = std::min(enclosures.find(',', at), enclosures.size());
        letter.enclosures.push_back(std::stoi(enclosures.substr(at, comma - at)));
        at = comma + 1;
      }
      letters.push_back(std::move(letter));
    }
    return letters;
  });
}

Result<std::optional<std::string>> CitizenLetterStore::Pdf(const std::string& complaint_id,
                                                           const std::string& letter_id) {
  return database_.Run("read a citizen's letter", [&](soci::session& session) -> Result<std::optional<std::string>> {
    // The id comes from a URL: anything but digits names no letter.
    if (letter_id.empty() || letter_id.size() > 18 ||
        letter_id.find_first_not_of("0123456789") != std::string::npos) {
      return std::optional<std::string>();
    }
    std::string pdf;
    soci::indicator present = soci::i_null;
    session << "SELECT encode(pdf, 'hex') FROM letters WHERE id = :id::bigint AND complaint_id = :case::uuid"
               " AND recipient = 'citizen' AND delivery_state = 'delivered' AND pdf IS NOT NULL",
        soci::use(letter_id, "id"), soci::use(complaint_id, "case"), soci::into(pdf, present);
    if (!session.got_data() || present != soci::i_ok) return std::optional<std::string>();
    auto bytes = HexDecode(pdf);
    if (!bytes) throw std::runtime_error("a letter's stored PDF does not read");
    return std::optional<std::string>(std::move(*bytes));
  });
}

}  // namespace ombudsflow::store
