// Letters: to the citizen, waiting for their PDF and delivery; to the
// department, going with its notice. Each is registered in the journal
// with its id, in the same statement.
#include "engine/core/base/hex.h"
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"

namespace ombudsflow::store {
namespace {

class LetterWriterImpl final : public EffectWriter {
 public:
  std::string_view Name() const override { return "letters"; }

  void Add(const v1::Complaint&, const Effect& effect, EffectRows& rows) const override {
    const auto* letter = std::get_if<Letter>(&effect);
    if (letter == nullptr) return;
    auto& row = *NewRow(rows.Of(Name())).mutable_fields();
    row["template"].set_string_value(letter->template_name);
    row["variant"].set_string_value(letter->variant);
    row["recipient"].set_string_value(letter->recipient);
    row["channel"].set_string_value(letter->channel);
    row["interpreterNote"].set_bool_value(letter->interpreter_note);
    row["subject"].set_string_value(letter->subject);
    row["html"].set_string_value(letter->html);
    row["htmlSha256"].set_string_value(Sha256Hex(letter->html));
    auto& enclosures = *row["enclosures"].mutable_list_value();
    for (const std::int32_t number : letter->enclosures) enclosures.add_values()->set_number_value(number);
  }

  std::string Sql() const override {
    return ", l AS ("
           "  INSERT INTO letters (complaint_id, event_seq, template, variant, recipient, channel, interpreter_note,"
           "    subject, html, html_sha256, delivery_state, next_attempt_at, created_at, enclosures)"
           "  SELECT e.complaint_id, e.seq, x.row->>'template', x.row->>'variant', x.row->>'recipient',"
           "    x.row->>'channel', (x.row->>'interpreterNote')::boolean, x.row->>'subject', x.row->>'html',"
           "    x.row->>'htmlSha256',"
           "    CASE WHEN x.row->>'channel' = 'department_notice' THEN 'with_notice' ELSE 'pending' END,"
           "    " OF_MICROS_TO_TIMESTAMPTZ(":letters_due") ", " OF_MICROS_TO_TIMESTAMPTZ(":letters_at") ","
           "    ARRAY(SELECT enclosed.number::integer"
           "      FROM jsonb_array_elements_text(x.row->'enclosures') AS enclosed(number))"
           // jsonb: parsed once. Each ->> on a json row parses the row again,
           // and a letter's row carries its whole HTML (3 % of the machine's
           // CPU under bench/transitions.sh).
           "  FROM e, jsonb_array_elements(:letters::jsonb) WITH ORDINALITY AS x(row, n)"
           "  ORDER BY x.n"
           "  RETURNING id, complaint_id, event_seq, subject, html_sha256, created_at, recipient),"
           " lj AS (" +
           JournalInsert("SELECT l.complaint_id, l.event_seq, l.created_at, 'out',"
                         "  CASE WHEN l.recipient = 'department' THEN coalesce(c.department, 'department')"
                         "    ELSE 'citizen' END,"
                         "  'letter', l.subject, l.html_sha256, l.id"
                         " FROM l JOIN complaints c ON c.id = l.complaint_id ORDER BY l.id") +
           ")";
  }

  std::vector<WriterParameter> Parameters() const override {
    return {{"letters", Bound::kRows}, {"letters_due", Bound::kAt}, {"letters_at", Bound::kAt}};
  }
};

}  // namespace

const EffectWriter& LetterWriter() {
  static const LetterWriterImpl kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
