// A case's journal as the case page shows it (offentlighedsloven § 15):
// each document received or sent, when, with whom, and its hash; a letter
// links to itself, with its delivery.
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

Result<Data> JournalRows(const Workplace& workplace, Language language, service::DocumentService& documents,
                         const Actor& actor, const std::string& complaint_id) {
  auto journal = documents.Journal(actor, complaint_id);
  if (!journal) return std::unexpected(journal.error());
  auto letters = documents.Letters(actor, complaint_id);
  if (!letters) return std::unexpected(letters.error());
  std::map<std::string, const v1::Letter*> by_id;
  for (const v1::Letter& letter : letters->letters()) by_id[letter.id()] = &letter;
  Data rows{Data::type::list};
  for (const v1::JournalEntry& entry : journal->entries()) {
    Data row{Data::type::object};
    row.set("number", std::to_string(entry.document_number()));
    row.set("time", workplace.DateTime(language, FromProto(entry.time())));
    row.set("direction", workplace.Text(language, "journal_" + entry.direction()));
    const std::string counterpart_key = "journal_counterpart_" + entry.counterpart();
    row.set("counterpart", workplace.HasText(counterpart_key) ? workplace.Text(language, counterpart_key)
                                                              : entry.counterpart());
    row.set("kind", workplace.Text(language, "journal_kind_" + entry.document_kind()));
    // A notice's entry names its kind ("Notice: hearing"): in words here.
    const std::string notice_prefix = "Notice: ";
    if (entry.document_kind() == "notice" && entry.subject().starts_with(notice_prefix) &&
        workplace.HasText("notice_" + entry.subject().substr(notice_prefix.size()))) {
      row.set("subject", workplace.Text(language, "notice_" + entry.subject().substr(notice_prefix.size())));
    } else {
      row.set("subject", entry.subject());
    }
    row.set("sha256", entry.sha256());
    row.set("sha256_short", entry.sha256().substr(0, 12));
    if (const auto letter = by_id.find(entry.letter_id()); letter != by_id.end()) {
      row.set("letter_href", "/cases/" + UrlEscaped(complaint_id) + "/letters/" + UrlEscaped(letter->first));
      // The PDF once the letter job has made it (its hash is then known).
      if (!letter->second->pdf_sha256().empty()) {
        row.set("pdf_href", "/cases/" + UrlEscaped(complaint_id) + "/letters/" + UrlEscaped(letter->first) + "/pdf");
      }
      const std::string delivery_key = "letter_delivery_" + letter->second->delivery_state();
      row.set("delivery", workplace.HasText(delivery_key) ? workplace.Text(language, delivery_key)
                                                          : letter->second->delivery_state());
      row.set("channel", workplace.Text(language, "letter_channel_" + letter->second->channel()));
    } else {
      row.set("letter_href", false);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace ombudsflow::api::web
