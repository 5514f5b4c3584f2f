#include "engine/service/office_service.h"

#include <google/protobuf/util/time_util.h>

#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"

namespace ombudsflow::service {

Result<std::vector<store::Department>> OfficeService::Departments() {
  std::lock_guard lock(departments_mutex_);
  const Timestamp now = clock_.Now();
  if (departments_ && now - departments_read_ < std::chrono::minutes(1)) return *departments_;
  auto read = store_.Departments();
  if (!read) return std::unexpected(read.error());
  departments_ = *read;
  departments_read_ = now;
  return std::move(*read);
}
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

Result<v1::Delegation> OfficeService::Delegate(const Actor& actor, const v1::CreateDelegationRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  std::vector<FieldViolation> violations;
  if (request.deputy().empty()) violations.push_back({"deputy", "is required", "required"});
  if (request.reason().empty()) violations.push_back({"reason", "is required", "required"});
  // A delegation hands approval to someone else; nobody delegates to themselves.
  if (!request.deputy().empty() && request.deputy() == actor.user_id) {
    violations.push_back({"deputy", "must be someone else: nobody delegates to themselves"});
  }
  if (!request.has_start_time()) violations.push_back({"start_time", "is required", "required"});
  if (!request.has_end_time()) violations.push_back({"end_time", "is required", "required"});
  const Timestamp starts = FromUnixMicros(TimeUtil::TimestampToMicroseconds(request.start_time()));
  const Timestamp ends = FromUnixMicros(TimeUtil::TimestampToMicroseconds(request.end_time()));
  const Timestamp now = clock_.Now();
  if (request.has_start_time() && request.has_end_time() && ends <= starts) {
    violations.push_back({"end_time", "must be after start_time"});
  } else if (request.has_end_time() && ends <= now) {
    violations.push_back({"end_time", "is already past"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the delegation is invalid", std::move(violations)));
  return store_.Grant({request.deputy(), starts, ends, request.reason(), actor.Id()}, now);
}

Result<v1::ListDelegationsResponse> OfficeService::Delegations(const Actor& actor) {
  auto delegations = store_.Delegations(clock_.Now());
  if (!delegations) return std::unexpected(delegations.error());
  v1::ListDelegationsResponse response;
  for (auto& delegation : *delegations) *response.add_delegations() = std::move(delegation);
  return response;
}

Result<v1::Delegation> OfficeService::RevokeDelegation(const Actor& actor, const std::string& id) {
  return store_.Revoke(id, actor.Id(), clock_.Now());
}

Result<v1::PublicationHold> OfficeService::Hold(const Actor& actor) {
  return store_.Hold();
}

Result<v1::PublicationHold> OfficeService::SetHold(const Actor& actor, const v1::SetPublicationHoldRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  if (request.reason().empty()) {
    return std::unexpected(InvalidArgument("a hold needs a reason", {{"reason", "is required", "required"}}));
  }
  return store_.SetHold(request.reason(), actor.Id(), clock_.Now());
}

Result<v1::PublicationHold> OfficeService::LiftHold(const Actor& actor, const v1::LiftPublicationHoldRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  if (request.reason().empty()) {
    return std::unexpected(InvalidArgument("lifting a hold needs a reason", {{"reason", "is required", "required"}}));
  }
  return store_.LiftHold(request.reason(), actor.Id(), clock_.Now());
}

}  // namespace ombudsflow::service
