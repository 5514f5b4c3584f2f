// The case's journal (offentlighedsloven § 15): every document the office
// received or sent on the case, by its digest. Letters are journalled by
// their own writer, which knows their ids; this writer takes the rest.
#include "engine/core/base/hex.h"
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"
#include "engine/store/effects/journal_entry.h"

namespace ombudsflow::store {
namespace {

class JournalWriterImpl final : public EffectWriter {
 public:
  std::string_view Name() const override { return kJournalRows; }

  void Add(const v1::Complaint&, const Effect& effect, EffectRows& rows) const override {
    const auto* document = std::get_if<ReceivedDocument>(&effect);
    if (document == nullptr) return;
    AddJournalEntry(rows, "in", document->counterpart, document->kind, document->subject, document->text);
  }

  std::string Sql() const override {
    return ", j AS (" +
           JournalInsert("SELECT e.complaint_id, e.seq, " OF_MICROS_TO_TIMESTAMPTZ(":journal_at") ","
                         "  x.row->>'direction', x.row->>'counterpart', x.row->>'kind', x.row->>'subject',"
                         "  x.row->>'sha256', NULL"
                         " FROM e, json_array_elements(:journal::json) WITH ORDINALITY AS x(row, n) ORDER BY x.n") +
           ")";
  }

  std::vector<WriterParameter> Parameters() const override {
    return {{"journal", Bound::kRows}, {"journal_at", Bound::kAt}};
  }
};

}  // namespace

void AddJournalEntry(EffectRows& rows, std::string_view direction, std::string_view counterpart, std::string_view kind,
                     std::string_view subject, std::string_view document) {
  auto& row = *NewRow(rows.Of(kJournalRows)).mutable_fields();
  row["direction"].set_string_value(std::string(direction));
  row["counterpart"].set_string_value(std::string(counterpart));
  row["kind"].set_string_value(std::string(kind));
  row["subject"].set_string_value(std::string(subject));
  row["sha256"].set_string_value(Sha256Hex(document));
}

const EffectWriter& JournalWriter() {
  static const JournalWriterImpl kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
