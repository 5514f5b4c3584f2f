#include "engine/core/rules/case_change.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/codec/proto_json.h"
#include "engine/core/workflow/audit_event.h"

namespace ombudsflow {

using google::protobuf::util::TimeUtil;

Result<void> CheckVersion(const v1::Complaint& complaint, std::uint32_t expected) {
  if (expected == 0) {
    return std::unexpected(InvalidArgument("send the case version you saw, in If-Match or expected_version",
                                           {{"expected_version", "is required"}}));
  }
  if (expected != complaint.version()) {
    return std::unexpected(MakeError(ErrorCode::kAborted,
                                     "the case has changed: it is at version " +
                                         std::to_string(complaint.version()) + ", you sent " +
                                         std::to_string(expected) + "; re-read it"));
  }
  return {};
}

TransitionOutcome Changed(const CaseView& view, const EngineContext& context, const Actor& actor,
                          v1::Complaint after, const std::string& kind,
                          const google::protobuf::Struct& payload) {
  TransitionOutcome outcome;
  after.set_version(view.complaint.version() + 1);
  *after.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  outcome.after = std::move(after);
  outcome.keep_deadline = true;
  const std::string json = ombudsflow::ToJson(payload, false);
  outcome.event = Sealed(AuditEvent{
      .complaint_id = view.complaint.id(),
      .seq = view.complaint.version() + 1,
      .occurred_at = context.now,
      .actor_role = std::string(RoleName(actor.role)),
      .actor = actor.Id(),
      .kind = kind,
      .payload_json = std::move(json),
      .prev_hash = view.last_event_hash,
      .hash = {},
  });
  return outcome;
}

}  // namespace ombudsflow
