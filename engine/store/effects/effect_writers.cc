#include "engine/store/effects/effect_writer.h"

#include "engine/core/codec/proto_json.h"

namespace ombudsflow::store {

// Each in its own file.
const EffectWriter& OutboxWriter();
const EffectWriter& NoticeWriter();
const EffectWriter& PublicationWriter();
const EffectWriter& LetterWriter();
const EffectWriter& JournalWriter();
const EffectWriter& DocumentShareWriter();

const std::vector<const EffectWriter*>& EffectWriters() {
  static const std::vector<const EffectWriter*> kWriters = {&OutboxWriter(), &NoticeWriter(), &PublicationWriter(),
                                                            &LetterWriter(), &JournalWriter(),
                                                            &DocumentShareWriter()};
  return kWriters;
}

google::protobuf::ListValue& EffectRows::Of(std::string_view name) {
  auto found = rows_.find(name);
  if (found == rows_.end()) found = rows_.emplace(std::string(name), google::protobuf::ListValue()).first;
  return found->second;
}

const google::protobuf::ListValue& EffectRows::Get(std::string_view name) const {
  static const google::protobuf::ListValue kNone;
  auto found = rows_.find(name);
  return found == rows_.end() ? kNone : found->second;
}

EffectRows RowsOf(const v1::Complaint& after, const std::vector<Effect>& effects) {
  EffectRows rows;
  for (const Effect& effect : effects) {
    for (const EffectWriter* writer : EffectWriters()) writer->Add(after, effect, rows);
  }
  return rows;
}

std::string RowsJson(const google::protobuf::ListValue& rows) { return ToJson(rows, false); }

std::string JournalInsert(std::string_view select) {
  return "INSERT INTO journal (complaint_id, event_seq, at, direction, counterpart, document_kind, subject, sha256,"
         " letter_id) " +
         std::string(select);
}

google::protobuf::Struct& NewRow(google::protobuf::ListValue& rows) { return *rows.add_values()->mutable_struct_value(); }

}  // namespace ombudsflow::store
