#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/store/newsletter_store.h"
#include "engine/store/subscriber_access_store.h"

namespace ombudsflow::service {

/// Who may see the newsletter's subscribers (issue 30: their addresses are
/// personal data). The office's staff and the administrator see counts.
/// Only the ombudsman gives one person the permission to look an address
/// up (to answer what is kept, or to remove it), for a stated purpose and
/// at most 90 days, and can end it. Nobody gives it to themselves but the
/// ombudsman, nobody gets a list of the addresses, and every use is
/// recorded without the address.
class SubscriberAccessService {
 public:
  /// How long a grant may run, in days.
  static constexpr int kLongestGrantDays = 90;

  SubscriberAccessService(store::SubscriberAccessStore& access, store::NewsletterStore& newsletter, const Clock& clock,
                          IdGenerator& ids)
      : access_(access), newsletter_(newsletter), clock_(clock), ids_(ids) {}

  /// The subscribers' numbers: for the office's staff and the administrator.
  [[nodiscard]] Result<store::SubscriberCounts> Counts(const Actor& actor);

  /// The running grants, for the ombudsman.
  [[nodiscard]] Result<std::vector<store::AccessGrant>> Grants(const Actor& actor);
  /// Whom the ombudsman may give it to.
  [[nodiscard]] Result<std::vector<store::Grantee>> Grantees(const Actor& actor);
  /// The actor's own running grant, if any.
  [[nodiscard]] Result<std::optional<store::AccessGrant>> OwnGrant(const Actor& actor);

  /// The ombudsman gives `user_id` the permission for `days` days (1, 7,
  /// 30 or 90). kInvalidArgument with "user", "purpose" or "days".
  [[nodiscard]] Result<void> Grant(const Actor& actor, const std::string& user_id, const std::string& purpose,
                                   const std::string& days);
  /// The ombudsman ends a grant; kNotFound when it is not running.
  [[nodiscard]] Result<void> Revoke(const Actor& actor, const std::string& grant_id);

  /// The subscriber with address `email`, under the actor's running grant
  /// (kPermissionDenied without one); kInvalidArgument with "email".
  [[nodiscard]] Result<std::optional<store::SubscriberRecord>> LookUp(const Actor& actor, const std::string& email);
  /// Removes the address under the actor's running grant; whether it was there.
  [[nodiscard]] Result<bool> Remove(const Actor& actor, const std::string& email);

 private:
  [[nodiscard]] Result<store::AccessGrant> RunningGrant(const Actor& actor);

  store::SubscriberAccessStore& access_;
  store::NewsletterStore& newsletter_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace ombudsflow::service
