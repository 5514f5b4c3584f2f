#include "engine/store/effect_rows.h"

#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/codec/proto_json.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;

// Which case a row is about: every payload leaving the office names it.
Struct CaseReference(const v1::Complaint& complaint) {
  Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["complaintId"].set_string_value(complaint.id());
  fields["caseNumber"].set_string_value(complaint.case_number());
  return payload;
}

Struct& NewRow(ListValue& rows) { return *rows.add_values()->mutable_struct_value(); }

void AddOutboxRow(ListValue& rows, const char* kind, Struct payload) {
  auto& row = *NewRow(rows).mutable_fields();
  row["kind"].set_string_value(kind);
  *row["payload"].mutable_struct_value() = std::move(payload);
}

void AddJournalRow(EffectRows& rows, const char* direction, const std::string& counterpart, const char* kind,
                   const std::string& subject, const std::string& document) {
  auto& row = *NewRow(rows.journal).mutable_fields();
  row["direction"].set_string_value(direction);
  row["counterpart"].set_string_value(counterpart);
  row["kind"].set_string_value(kind);
  row["subject"].set_string_value(subject);
  row["sha256"].set_string_value(Sha256Hex(document));
}

void Write(const v1::Complaint& after, const Letter& letter, EffectRows& rows) {
  auto& row = *NewRow(rows.letters).mutable_fields();
  row["template"].set_string_value(letter.template_name);
  row["variant"].set_string_value(letter.variant);
  row["recipient"].set_string_value(letter.recipient);
  row["counterpart"].set_string_value(letter.recipient == "department" ? after.department() : "citizen");
  row["channel"].set_string_value(letter.channel);
  row["interpreterNote"].set_bool_value(letter.interpreter_note);
  row["subject"].set_string_value(letter.subject);
  row["html"].set_string_value(letter.html);
  row["htmlSha256"].set_string_value(Sha256Hex(letter.html));
}

void Write(const v1::Complaint& /*after*/, const ReceivedDocument& document, EffectRows& rows) {
  AddJournalRow(rows, "in", document.counterpart, document.kind.c_str(), document.subject, document.text);
}

void Write(const v1::Complaint& after, const OfficeAlert& alert, EffectRows& rows) {
  Struct payload = CaseReference(after);
  auto& fields = *payload.mutable_fields();
  fields["role"].set_string_value(alert.role);
  fields["about"].set_string_value(alert.about);
  if (!alert.reason.empty()) fields["reason"].set_string_value(alert.reason);
  AddOutboxRow(rows.outbox, "office_alert", std::move(payload));
}

void Write(const v1::Complaint& after, const DepartmentNotice& notice, EffectRows& rows) {
  // The details first: the named fields below are the notice's own and
  // cannot be overwritten by a fact of the same name.
  Struct payload = notice.details;
  auto& fields = *payload.mutable_fields();
  fields["complaintId"].set_string_value(after.id());
  fields["caseNumber"].set_string_value(after.case_number());
  fields["department"].set_string_value(notice.department);
  fields["notice"].set_string_value(notice.notice);
  if (notice.publication_date) fields["publicationDate"].set_string_value(FormatIsoDate(*notice.publication_date));
  if (notice.publication_revision) fields["publicationRevision"].set_number_value(*notice.publication_revision);
  AddJournalRow(rows, "out", notice.department, "notice", "Notice: " + notice.notice, ToJson(payload, false));
  auto& row = *NewRow(rows.notices).mutable_fields();
  row["department"].set_string_value(notice.department);
  row["notice"].set_string_value(notice.notice);
  *row["payload"].mutable_struct_value() = std::move(payload);
}

const char* StageName(PublicationChange::Stage stage) {
  switch (stage) {
    case PublicationChange::Stage::kAwaitingApproval: return "awaiting_approval";
    case PublicationChange::Stage::kPublished: return "published";
    case PublicationChange::Stage::kWithdrawn: return "withdrawn";
  }
  return "withdrawn";  // unreachable: every stage is named above
}

void Write(const v1::Complaint& after, const PublicationChange& change, EffectRows& rows) {
  if (change.stage == PublicationChange::Stage::kPublished) {
    AddJournalRow(rows, "out", "public", "publication", change.title, change.title + "\n\n" + change.text);
  }
  auto& row = *NewRow(rows.publications).mutable_fields();
  row["stage"].set_string_value(StageName(change.stage));
  row["caseNumber"].set_string_value(after.case_number());
  row["department"].set_string_value(after.department());
  row["title"].set_string_value(change.title);
  row["text"].set_string_value(change.text);
  auto* targets = row["targets"].mutable_list_value();
  for (const auto& target : change.targets) targets->add_values()->set_string_value(target);
}

}  // namespace

EffectRows RowsOf(const v1::Complaint& after, const std::vector<Effect>& effects) {
  EffectRows rows;
  for (const Effect& effect : effects) {
    std::visit([&](const auto& typed) { Write(after, typed, rows); }, effect);
  }
  return rows;
}

std::string RowsJson(const ListValue& rows) { return ToJson(rows, false); }

}  // namespace ombudsflow::store
