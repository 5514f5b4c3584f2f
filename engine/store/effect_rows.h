#pragma once

// The rows a transition's effects add, by table. Each kind of effect has
// exactly one writer here; the transition statement inserts the rows from
// these arrays in the same statement as the case change.

#include <google/protobuf/struct.pb.h>

#include <string>
#include <vector>

#include "engine/core/workflow/effect.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

struct EffectRows {
  // outbox: {kind, payload}, letters and office alerts
  google::protobuf::ListValue outbox;
  // notices: {department, notice, payload}, the payload as the department reads it
  google::protobuf::ListValue notices;
  // publications: {stage, caseNumber, department, title, text, targets}
  google::protobuf::ListValue publications;
  // letters: {template, variant, recipient, counterpart, channel,
  // interpreterNote, subject, html, htmlSha256}; each is journalled too
  google::protobuf::ListValue letters;
  // journal: {direction, counterpart, kind, subject, sha256}, the case's
  // register of documents (offentlighedsloven § 15) besides letters
  google::protobuf::ListValue journal;
};

/// The rows `effects` add for the case `after` (its new state).
[[nodiscard]] EffectRows RowsOf(const v1::Complaint& after, const std::vector<Effect>& effects);

/// The JSON text of one table's rows, for binding to the statement.
[[nodiscard]] std::string RowsJson(const google::protobuf::ListValue& rows);

}  // namespace ombudsflow::store
