#include "engine/core/workflow/rule_registry.h"

namespace ombudsflow {

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
