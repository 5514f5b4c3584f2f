#pragma once

#include <mutex>
#include <optional>

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/office_store.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow::service {

/// The ombudsman's office-wide decisions on publication: delegating approval
/// to a deputy for a period, and holding all publication in a crisis. Only
/// the ombudsman makes them; office staff may read them.
class OfficeService {
 public:
  OfficeService(store::OfficeStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  /// The municipality's departments (for choosing one in a form). They
  /// change a few times a decade, so a list read within the last minute
  /// will do.
  [[nodiscard]] Result<std::vector<store::Department>> Departments();

  [[nodiscard]] Result<v1::Delegation> Delegate(const Actor& actor, const v1::CreateDelegationRequest& request);
  [[nodiscard]] Result<v1::ListDelegationsResponse> Delegations(const Actor& actor);
  [[nodiscard]] Result<v1::Delegation> RevokeDelegation(const Actor& actor, const std::string& id);

  [[nodiscard]] Result<v1::PublicationHold> Hold(const Actor& actor);
  [[nodiscard]] Result<v1::PublicationHold> SetHold(const Actor& actor, const v1::SetPublicationHoldRequest& request);
  [[nodiscard]] Result<v1::PublicationHold> LiftHold(const Actor& actor, const v1::LiftPublicationHoldRequest& request);

 private:
  store::OfficeStore& store_;
  std::mutex departments_mutex_;
  std::optional<std::vector<store::Department>> departments_;
  Timestamp departments_read_{};
  const Clock& clock_;
};

}  // namespace ombudsflow::service
