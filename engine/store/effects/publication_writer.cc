// The case's publication: drafted (awaiting approval; a redraft replaces
// it), published on approval, or withdrawn. A publication is registered in
// the journal as a document sent to the public.
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"
#include "engine/store/effects/journal_entry.h"

namespace ombudsflow::store {
namespace {

const char* StageName(PublicationChange::Stage stage) {
  switch (stage) {
    case PublicationChange::Stage::kAwaitingApproval: return "awaiting_approval";
    case PublicationChange::Stage::kPublished: return "published";
    case PublicationChange::Stage::kWithdrawn: return "withdrawn";
  }
  return "withdrawn";  // unreachable: every stage is named above
}

class PublicationWriterImpl final : public EffectWriter {
 public:
  std::string_view Name() const override { return "publications"; }

  void Add(const v1::Complaint& after, const Effect& effect, EffectRows& rows) const override {
    const auto* change = std::get_if<PublicationChange>(&effect);
    if (change == nullptr) return;
    if (change->stage == PublicationChange::Stage::kPublished) {
      AddJournalEntry(rows, "out", "public", "publication", change->title, change->title + "\n\n" + change->text);
    }
    auto& row = *NewRow(rows.Of(Name())).mutable_fields();
    row["stage"].set_string_value(StageName(change->stage));
    row["caseNumber"].set_string_value(after.case_number());
    row["department"].set_string_value(after.department());
    row["title"].set_string_value(change->title);
    row["text"].set_string_value(change->text);
    auto* targets = row["targets"].mutable_list_value();
    for (const auto& target : change->targets) targets->add_values()->set_string_value(target);
  }

  std::string Sql() const override {
    return ", ps AS ("
           "  INSERT INTO publications (complaint_id, case_number, department, state, title, body,"
           "    targets, drafted_at)"
           "  SELECT e.complaint_id, p->>'caseNumber', nullif(p->>'department', ''), 'awaiting_approval',"
           "    p->>'title', p->>'text', ARRAY(SELECT json_array_elements_text(p->'targets')),"
           "    " OF_MICROS_TO_TIMESTAMPTZ(":staged_at")
           "  FROM e, json_array_elements(:publications::json) AS x(p)"
           "  WHERE p->>'stage' = 'awaiting_approval'"
           "  ON CONFLICT (complaint_id) DO UPDATE SET state = 'awaiting_approval', title = EXCLUDED.title,"
           "    body = EXCLUDED.body, targets = EXCLUDED.targets, drafted_at = EXCLUDED.drafted_at,"
           "    published_at = NULL, approved_by = NULL"
           "  RETURNING id),"
           " pu AS ("
           "  UPDATE publications SET state = p->>'stage',"
           "    title = CASE WHEN p->>'stage' = 'published' THEN p->>'title' ELSE title END,"
           "    body = CASE WHEN p->>'stage' = 'published' THEN p->>'text' ELSE body END,"
           "    targets = CASE WHEN p->>'stage' = 'published'"
           "      THEN ARRAY(SELECT json_array_elements_text(p->'targets')) ELSE targets END,"
           "    published_at = CASE WHEN p->>'stage' = 'published' THEN "
           OF_MICROS_TO_TIMESTAMPTZ(":published_at") " END,"
           "    approved_by = CASE WHEN p->>'stage' = 'published' THEN :approver END"
           "  FROM e, json_array_elements(:publications_changed::json) AS x(p)"
           "  WHERE p->>'stage' IN ('published', 'withdrawn')"
           "    AND publications.complaint_id = e.complaint_id AND publications.state = 'awaiting_approval'"
           "  RETURNING publications.id)";
  }

  std::vector<WriterParameter> Parameters() const override {
    // The rows twice: each occurrence of a parameter is bound on its own.
    return {{"publications", Bound::kRows}, {"staged_at", Bound::kAt}, {"publications_changed", Bound::kRows},
            {"published_at", Bound::kAt}, {"approver", Bound::kActor}};
  }
};

}  // namespace

const EffectWriter& PublicationWriter() {
  static const PublicationWriterImpl kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
