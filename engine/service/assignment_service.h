#pragma once

#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/rules/assignment.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/store/transition_store.h"
#include "engine/store/user_store.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// Who has a case: taking, assigning and releasing it (the rule is the
/// core's AssignCase), each an audit event on the case.
class AssignmentService {
 public:
  AssignmentService(store::TransitionStore& cases, store::UserStore& users, const RuleRegistry& rules,
                    const HolidayCalendar& calendar, const Clock& clock)
      : cases_(cases), users_(users), rules_(rules), calendar_(calendar), clock_(clock) {}

  /// Assigns case `id` to the user `request.assignee_id()` names (empty:
  /// releases it). kInvalidArgument (field assignee_id) when no such user.
  [[nodiscard]] Result<v1::Complaint> Assign(const Actor& actor, const std::string& id,
                                             const v1::AssignComplaintRequest& request);

  /// Sends case `id`'s draft back to the user `drafter_id` names, with
  /// `comment` on what to correct (ReturnForCorrection). kInvalidArgument
  /// (field drafter_id) when no such user.
  [[nodiscard]] Result<v1::Complaint> ReturnForCorrection(const Actor& actor, const std::string& id,
                                                          const std::string& drafter_id, const std::string& comment,
                                                          std::uint32_t expected_version);

  /// What `actor` may do about who has `complaint` (AssignmentChoicesFor):
  /// what the case page offers, by the rule Assign applies.
  [[nodiscard]] AssignmentChoices ChoicesFor(const Actor& actor, const v1::Complaint& complaint) const {
    return AssignmentChoicesFor(actor, complaint);
  }

  /// The active office staff a case can be assigned to, by name.
  [[nodiscard]] Result<std::vector<store::UserRecord>> Assignable();

 private:
  store::TransitionStore& cases_;
  store::UserStore& users_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
};

}  // namespace ombudsflow::service
