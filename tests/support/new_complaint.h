#pragma once

#include <string>

#include "engine/core/base/time.h"
#include "engine/core/workflow/audit_event.h"
#include "engine/store/complaint_store.h"

namespace ombudsflow::testing {

/// A complaint as intake would register it, its first event sealed: for
/// tests that need a case in the database and nothing in particular about it.
[[nodiscard]] inline NewComplaint RegistrableComplaint(const std::string& id, Timestamp created_at) {
  NewComplaint complaint;
  complaint.id = id;
  complaint.workflow = "complaint";
  complaint.workflow_version = 1;
  complaint.state = "received";
  complaint.intake.set_channel(v1::EMAIL);
  complaint.intake.mutable_complainant()->set_name("Jens");
  complaint.intake.set_department("BUF");
  complaint.intake.set_subject("s");
  complaint.intake.set_description("d");
  complaint.created_at = created_at;
  complaint.registered_event = Sealed(AuditEvent{.complaint_id = id, .seq = 1, .occurred_at = created_at,
                                                 .actor_role = "caseworker", .actor = "Anne",
                                                 .kind = "complaint_registered", .payload_json = "{}",
                                                 .prev_hash = {}, .hash = {}});
  return complaint;
}

}  // namespace ombudsflow::testing
