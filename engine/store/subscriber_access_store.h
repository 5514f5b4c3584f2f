#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// The ombudsman's permission for one person to see subscribers' addresses
/// (sql/0050_subscriber_access.sql).
struct AccessGrant {
  std::string id;
  std::string user_id;
  std::string user_name;  // the person's display name
  std::string purpose;
  std::string granted_by;  // an actor id
  Timestamp granted_at;
  Timestamp ends_at;
  int uses = 0;  // how often it was used
  std::string granted_by_name = {};  // who gave it, by name
};

/// A person the permission may be given to: one of the office's staff or
/// an administrator, active.
struct Grantee {
  std::string user_id;
  std::string name;
  std::string role;
};

/// The permissions to see subscribers' addresses and the record of their use.
class SubscriberAccessStore {
 public:
  explicit SubscriberAccessStore(Database& database) : database_(database) {}

  /// The grants running at `now`, those ending first first.
  [[nodiscard]] Result<std::vector<AccessGrant>> Running(Timestamp now);
  /// The running grant of `user_id`, if any.
  [[nodiscard]] Result<std::optional<AccessGrant>> RunningFor(const std::string& user_id, Timestamp now);
  [[nodiscard]] Result<std::vector<Grantee>> Grantees();
  /// kNotFound when `grant.user_id` is no active grantee.
  [[nodiscard]] Result<void> Grant(const AccessGrant& grant);
  /// Ends a running grant; whether there was one.
  [[nodiscard]] Result<bool> Revoke(const std::string& id, const std::string& by, Timestamp now);
  /// Records a use: "found", "not_found" or "removed".
  [[nodiscard]] Result<void> RecordUse(const std::string& grant_id, const std::string& by, const std::string& outcome,
                                       Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
