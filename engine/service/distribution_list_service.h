#pragma once

#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/distribution_list_store.h"

namespace ombudsflow::service {

/// The office's distribution lists (seed 004): the departments' directors
/// and press officers, the intranet editors, the Borgerrådgiverudvalget, the
/// network of borgerrådgivere, the press. The office's staff keep them; an
/// administrator sees the lists and their sizes, not the addresses.
class DistributionListService {
 public:
  DistributionListService(store::DistributionListStore& store, const Clock& clock, IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  [[nodiscard]] Result<std::vector<store::DistributionList>> Lists(const Actor& actor);
  /// With its members; kPermissionDenied for those who see only counts.
  [[nodiscard]] Result<store::DistributionList> List(const Actor& actor, const std::string& id);
  /// kInvalidArgument with "name" or "description"; kAlreadyExists for a
  /// name in use (as a violation of "name").
  [[nodiscard]] Result<std::string> Create(const Actor& actor, const std::string& name, const std::string& description);
  /// kInvalidArgument with "name", "email" or "organisation" (an address
  /// already on the list is a violation of "email").
  [[nodiscard]] Result<void> AddMember(const Actor& actor, const std::string& list_id, const store::ListMember& member);
  [[nodiscard]] Result<bool> RemoveMember(const Actor& actor, const std::string& list_id, const std::string& member_id);

 private:
  store::DistributionListStore& store_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace ombudsflow::service
