#include "engine/audit_event.h"


#include <string>

#include "engine/hex.h"

namespace ombudsflow {
namespace {

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

std::string ComputeEventHash(const AuditEvent& event) {
  std::string canonical;
  AppendField(canonical, event.complaint_id);
  AppendField(canonical, std::to_string(event.seq));
  AppendField(canonical, std::to_string(ToUnixMicros(event.occurred_at)));
  AppendField(canonical, event.actor_role);
  AppendField(canonical, event.actor_name);
  AppendField(canonical, event.kind);
  AppendField(canonical, event.payload_json);
  AppendField(canonical, event.prev_hash);
  return Sha256Hex(canonical);
}

AuditEvent Sealed(AuditEvent event) {
  event.hash = ComputeEventHash(event);
  return event;
}

}  // namespace ombudsflow
