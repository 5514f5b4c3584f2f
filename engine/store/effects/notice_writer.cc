// Notices to departments: listed for the department to pull, queued for its
// webhook endpoint where it has one, and registered in the journal.
#include "engine/core/base/iso_date.h"
#include "engine/core/codec/proto_json.h"
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"
#include "engine/store/effects/journal_entry.h"

namespace ombudsflow::store {
namespace {

class NoticeWriterImpl final : public EffectWriter {
 public:
  std::string_view Name() const override { return "notices"; }

  void Add(const v1::Complaint& after, const Effect& effect, EffectRows& rows) const override {
    const auto* notice = std::get_if<DepartmentNotice>(&effect);
    if (notice == nullptr) return;
    // The details first: the named fields below are the notice's own and
    // cannot be overwritten by a fact of the same name.
    google::protobuf::Struct payload = notice->details;
    auto& fields = *payload.mutable_fields();
    fields["complaintId"].set_string_value(after.id());
    fields["caseNumber"].set_string_value(after.case_number());
    fields["department"].set_string_value(notice->department);
    fields["notice"].set_string_value(notice->notice);
    if (notice->publication_date) fields["publicationDate"].set_string_value(FormatIsoDate(*notice->publication_date));
    if (notice->publication_revision) fields["publicationRevision"].set_number_value(*notice->publication_revision);
    AddJournalEntry(rows, "out", notice->department, "notice", "Notice: " + notice->notice, ToJson(payload, false));
    auto& row = *NewRow(rows.Of(Name())).mutable_fields();
    row["department"].set_string_value(notice->department);
    row["notice"].set_string_value(notice->notice);
    *row["payload"].mutable_struct_value() = std::move(payload);
  }

  std::string Sql() const override {
    return ", n AS ("
           "  INSERT INTO notices (complaint_id, event_seq, department, notice, payload, created_at)"
           "  SELECT e.complaint_id, e.seq, x.row->>'department', x.row->>'notice', x.row->'payload',"
           "    " OF_MICROS_TO_TIMESTAMPTZ(":notice_at")
           "  FROM e, json_array_elements(:notices::json) AS x(row)"
           "  RETURNING id, department),"
           // Pushed too where the department has a webhook endpoint: queued
           // with the notice, so an acknowledged change loses no delivery.
           " d AS ("
           "  INSERT INTO webhook_deliveries (notice_id, endpoint_id, next_attempt_at)"
           "  SELECT n.id, w.id, " OF_MICROS_TO_TIMESTAMPTZ(":delivery_at")
           "  FROM n JOIN webhook_endpoints w ON w.department = n.department AND w.active"
           "  RETURNING notice_id)";
  }

  std::vector<WriterParameter> Parameters() const override {
    return {{"notices", Bound::kRows}, {"notice_at", Bound::kAt}, {"delivery_at", Bound::kAt}};
  }

  std::string_view Counted() const override { return "(SELECT count(*) FROM d)::integer"; }
};

}  // namespace

const EffectWriter& NoticeWriter() {
  static const NoticeWriterImpl kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
