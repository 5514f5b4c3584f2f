// A document of the case's file shared wider by a transition (the
// department's statement sent to the citizen for comments). Widened only:
// a document the citizen already sees stays so.
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"

namespace ombudsflow::store {
namespace {

class DocumentShareWriterImpl final : public EffectWriter {
 public:
  std::string_view Name() const override { return "shared_documents"; }

  void Add(const v1::Complaint&, const Effect& effect, EffectRows& rows) const override {
    const auto* shared = std::get_if<DocumentShared>(&effect);
    if (shared == nullptr) return;
    auto& row = *NewRow(rows.Of(Name())).mutable_fields();
    row["number"].set_number_value(shared->number);
    row["audience"].set_string_value(shared->audience);
  }

  std::string Sql() const override {
    return ", ds AS ("
           "  UPDATE case_documents d SET audience = x.row->>'audience'"
           "  FROM e, json_array_elements(:shared_documents::json) AS x(row), journal j"
           "  WHERE j.complaint_id = e.complaint_id AND j.document_number = (x.row->>'number')::integer"
           "    AND d.journal_id = j.id"
           "    AND (d.audience = 'office' OR (d.audience = 'department' AND x.row->>'audience' = 'citizen')))";
  }

  std::vector<WriterParameter> Parameters() const override { return {{"shared_documents", Bound::kRows}}; }
};

}  // namespace

const EffectWriter& DocumentShareWriter() {
  static const DocumentShareWriterImpl kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
