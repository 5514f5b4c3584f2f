// Office alerts: something a person in the office must look at, queued in
// the outbox for the workplace and its notifications.
#include "engine/store/complaint_rows.h"
#include "engine/store/effects/effect_writer.h"

namespace ombudsflow::store {
namespace {

// Which case the alert is about.
google::protobuf::Struct CaseReference(const v1::Complaint& complaint) {
  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["complaintId"].set_string_value(complaint.id());
  fields["caseNumber"].set_string_value(complaint.case_number());
  return payload;
}

class AlertWriter final : public EffectWriter {
 public:
  std::string_view Name() const override { return "outbox"; }

  void Add(const v1::Complaint& after, const Effect& effect, EffectRows& rows) const override {
    const auto* alert = std::get_if<OfficeAlert>(&effect);
    if (alert == nullptr) return;
    google::protobuf::Struct payload = CaseReference(after);
    auto& fields = *payload.mutable_fields();
    fields["role"].set_string_value(alert->role);
    fields["about"].set_string_value(alert->about);
    if (!alert->reason.empty()) fields["reason"].set_string_value(alert->reason);
    auto& row = *NewRow(rows.Of(Name())).mutable_fields();
    row["kind"].set_string_value("office_alert");
    *row["payload"].mutable_struct_value() = std::move(payload);
  }

  std::string Sql() const override {
    return ", o AS ("
           "  INSERT INTO outbox (complaint_id, event_seq, kind, payload, created_at)"
           "  SELECT e.complaint_id, e.seq, x.row->>'kind', x.row->'payload',"
           "    " OF_MICROS_TO_TIMESTAMPTZ(":outbox_at")
           "  FROM e, json_array_elements(:outbox::json) AS x(row)"
           "  RETURNING id)";
  }

  std::vector<WriterParameter> Parameters() const override {
    return {{"outbox", Bound::kRows}, {"outbox_at", Bound::kAt}};
  }
};

}  // namespace

const EffectWriter& OutboxWriter() {
  static const AlertWriter kWriter;
  return kWriter;
}

}  // namespace ombudsflow::store
