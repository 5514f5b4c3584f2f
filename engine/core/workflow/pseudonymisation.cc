#include "engine/core/workflow/pseudonymisation.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/codec/proto_json.h"
#include "engine/core/workflow/audit_chain.h"
#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// A fact kept for statistics: numbers and yes/no, alone or in lists; texts
// (answers, drafts, notes, names) never.
bool Countable(const Value& value) {
  switch (value.kind_case()) {
    case Value::kNumberValue:
    case Value::kBoolValue: return true;
    case Value::kListValue:
      for (const auto& item : value.list_value().values()) {
        if (!Countable(item)) return false;
      }
      return true;
    default: return false;
  }
}

}  // namespace

Result<TransitionOutcome> Pseudonymise(const CaseView& view, const EngineContext& context) {
  const v1::Complaint& before = view.complaint;
  const v1::State* state = FindState(view.workflow, before.state());
  if (state == nullptr || !state->terminal()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "case " + before.id() + " is not closed (state '" + before.state() + "')"));
  }
  TransitionOutcome outcome;
  v1::Complaint after = before;
  after.set_version(before.version() + 1);
  *after.mutable_update_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  if (after.has_complainant()) {
    v1::Complainant kept;
    kept.set_language(after.complainant().language());
    *after.mutable_complainant() = kept;
  }
  after.set_subject(std::string(kRemovedText));
  after.set_description(std::string(kRemovedText));
  Struct facts;
  for (const auto& [name, value] : before.facts().fields()) {
    // The KLE subject and journal number are the archive's reference, and
    // nobody's personal data (they are the office's vocabulary's words).
    const bool reference = name == "kle_number" || name == "journal_number";
    if (Countable(value) || reference) (*facts.mutable_fields())[name] = value;
  }
  *after.mutable_facts() = std::move(facts);
  for (auto& point : *after.mutable_points()) {
    point.set_text("Point " + std::to_string(point.number()));
    if (point.has_assessment()) {
      point.mutable_assessment()->clear_reasoning();
      point.mutable_assessment()->clear_recommendation();
    }
  }
  for (auto& consent : *after.mutable_consents()) {
    consent.clear_value();
    consent.clear_evidence();
    consent.clear_revoke_reason();
  }
  Struct payload;
  auto& erased = *(*payload.mutable_fields())["erased"].mutable_list_value();
  for (const char* what : {"complainant", "subject", "description", "text facts", "point texts", "consent values",
                           "event details", "letters", "notices", "unpublished drafts", "idempotency key"}) {
    erased.add_values()->set_string_value(what);
  }
  outcome.event = Sealed(AuditEvent{
      .complaint_id = before.id(),
      .seq = before.version() + 1,
      .occurred_at = context.now,
      .actor_role = "system",
      .actor = "system:retention",
      .kind = std::string(kPseudonymisedEvent),
      .payload_json = ToJson(payload, false),
      .prev_hash = view.last_event_hash,
      .hash = {},
  });
  outcome.after = std::move(after);
  outcome.keep_deadline = false;
  return outcome;
}

}  // namespace ombudsflow
