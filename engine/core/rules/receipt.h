#pragma once

#include <cstdint>
#include <string>

#include "engine/core/base/time.h"
#include "engine/core/workflow/rule_registry.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

/// The revision of the case's publication draft as it stands (0 before
/// revisions existed, and for a case that never drafted one).
[[nodiscard]] std::uint32_t CurrentPublicationRevision(const v1::Complaint& complaint);

/// Why the department has not received the `kind` notice carrying the
/// case's draft as it stands (delivered to its webhook or acknowledged), or
/// nullopt when it has. A notice of an earlier revision does not count: the
/// department must have received the text that goes out.
[[nodiscard]] Refusal RefusesUnreceived(const std::string& kind, const CaseNotices& notices,
                                        const v1::Complaint& complaint);

/// Why the department's notice period for the draft as it stands has not
/// run out by `today`, or nullopt when it has.
[[nodiscard]] Refusal RefusesBeforeNoticePeriod(const std::string& kind, const CaseNotices& notices,
                                                const v1::Complaint& complaint, Date today);

/// Why a case a product writes about may not go out yet, as the workplace
/// states it in the person's language.
enum class ItemProblem {
  kNone,
  kTextOutdated,         // the product carries an earlier revision of the case's text
  kNoNotice,             // no notice carrying the text was sent to the department
  kRevisedAfterNotice,   // the text was revised after the notice
  kNotReceived,          // sent, not yet delivered or acknowledged
  kNoticePeriodRunning,  // received, but the department's notice period runs
};

/// The first problem of `item` for the `kind` notice, by `today`.
[[nodiscard]] ItemProblem ProblemOf(const ReleaseItem& item, const std::string& kind, Date today);

}  // namespace ombudsflow
