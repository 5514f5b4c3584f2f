#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow::store {

struct NewDelegation {
  std::string deputy;
  Timestamp starts_at;
  Timestamp ends_at;
  std::string reason;
  std::string granted_by;
};

/// A department of the municipality, as complaints name it.
struct Department {
  std::string code;  // "BUF"
  std::string name;  // "Børne- og Ungdomsforvaltningen"
};

/// The office-wide state publication depends on: delegations to deputies
/// and publication holds.
class OfficeStore {
 public:
  explicit OfficeStore(Database& database) : database_(database) {}

  /// Every department, by code.
  [[nodiscard]] Result<std::vector<Department>> Departments();

  /// kInvalidArgument (field "deputy") unless an unrevoked deputy token
  /// carries that name.
  [[nodiscard]] Result<v1::Delegation> Grant(const NewDelegation& delegation, Timestamp now);
  /// Newest first, with `active` as of `now`.
  [[nodiscard]] Result<std::vector<v1::Delegation>> Delegations(Timestamp now);
  /// kNotFound if unknown; a revoked one stays revoked (first revocation stands).
  [[nodiscard]] Result<v1::Delegation> Revoke(const std::string& id, const std::string& by, Timestamp now);

  /// The active hold, if any (active false otherwise).
  [[nodiscard]] Result<v1::PublicationHold> Hold();
  /// kAlreadyExists when a hold is already active.
  [[nodiscard]] Result<v1::PublicationHold> SetHold(const std::string& reason, const std::string& by,
                                                    Timestamp now);
  /// kFailedPrecondition when no hold is active.
  [[nodiscard]] Result<v1::PublicationHold> LiftHold(const std::string& reason, const std::string& by,
                                                     Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
