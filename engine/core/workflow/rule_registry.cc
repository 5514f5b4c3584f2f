#include "engine/core/workflow/rule_registry.h"

#include <algorithm>

namespace ombudsflow {

bool OfficeState::Delegates(const Actor& actor, Timestamp now) const {
  if (actor.role != Role::kDeputy || actor.user_id.empty()) return false;
  return std::any_of(delegations.begin(), delegations.end(), [&](const Delegation& d) {
    return d.deputy == actor.user_id && d.granted_by != actor.Id() && d.starts_at <= now && now < d.ends_at;
  });
}

std::optional<std::string> OfficeState::RefusesOmbudsmansAuthority(const Actor& actor, Timestamp now) const {
  if (actor.role == Role::kOmbudsman) return std::nullopt;
  if (actor.role != Role::kDeputy) return "only the ombudsman, or a deputy with an active delegation, may do this";
  if (Delegates(actor, now)) return std::nullopt;
  return "the deputy '" + actor.name + "' has no active delegation from the ombudsman";
}

const GuardSpec* RuleRegistry::FindGuard(std::string_view name) const {
  auto it = guards_.find(name);
  return it == guards_.end() ? nullptr : &it->second;
}

const ActionSpec* RuleRegistry::FindAction(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second;
}

const google::protobuf::Value* FindFact(const v1::Complaint& complaint, std::string_view name) {
  auto it = complaint.facts().fields().find(std::string(name));
  if (it == complaint.facts().fields().end() ||
      it->second.kind_case() == google::protobuf::Value::kNullValue) {
    return nullptr;
  }
  return &it->second;
}

}  // namespace ombudsflow
