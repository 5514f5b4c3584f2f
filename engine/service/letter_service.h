#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/letters/letter_catalog.h"
#include "engine/core/letters/letter_data.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"

namespace ombudsflow::service {

/// The office's letterhead, beside the templates.
inline constexpr const char* kLetterOfficeFile = "office.json";

/// The letter templates and the office's letterhead, as loaded.
struct LetterTemplates {
  LetterCatalog catalog;
  LetterOffice office;
};

/// Reads templates/letters (layout.mustache, office.json, <variant>/*.mustache)
/// and checks it against `workflows`: every letter a transition queues
/// exists for its recipient, and every placeholder is one a case can fill
/// (a fact any transition records, or a value LetterData gives).
/// kInvalidArgument names the file and what is wrong.
[[nodiscard]] Result<LetterTemplates> LoadLetterDirectory(const std::filesystem::path& dir,
                                                          const WorkflowCatalog& workflows);

/// Renders the letters transitions queue: from the case as the transition
/// leaves it, in the variant the recipient's needs choose, sent by e-mail
/// when the citizen has an address, else printed.
class LetterService {
 public:
  // A department's full name; an error when the office's list cannot be
  // read, so no letter goes out with a hole where the name should be.
  using DepartmentNames = std::function<Result<std::string>(const std::string& code)>;

  /// `referrals`: the registry a referral letter quotes its body from.
  LetterService(LetterTemplates templates, const HolidayCalendar& calendar, DepartmentNames department_names,
                const v1::ReferralRegistry& referrals);

  /// Fills every Letter of `outcome`. `signer` signs them (the person who
  /// fired the transition, or the office for a timer). kFailedPrecondition
  /// when a letter would have a hole: the transition is then refused.
  [[nodiscard]] Result<void> RenderInto(TransitionOutcome& outcome, const std::string& signer, Date today) const;

  /// Renders `letter` (its template and recipient set) for `complaint`.
  /// `department_name` when the caller looked it up (DepartmentName) before
  /// taking a database connection; otherwise it is looked up here.
  [[nodiscard]] Result<void> Render(const v1::Complaint& complaint, Letter& letter, const std::string& signer,
                                    Date today, std::optional<Date> deadline,
                                    std::optional<std::string> department_name = std::nullopt) const;

  /// The department's full name, or why it cannot be had.
  [[nodiscard]] Result<std::string> DepartmentName(const std::string& code) const { return department_names_(code); }

  /// Letter `purpose`'s subject and body for no case (the answer to a
  /// social-media enquiry): only the office's values can be used.
  [[nodiscard]] Result<RenderedLetter> RenderWithoutCase(std::string_view purpose, std::string_view variant,
                                                         Date today) const;

  /// Working days the office promises its first answer within.
  static constexpr unsigned kReplyWorkingDays = 10;
  /// The day the office answers a complaint received `today` at the
  /// latest, as the acknowledgement says.
  [[nodiscard]] Date ReplyBy(Date today) const { return calendar_.AddWorkingDays(today, kReplyWorkingDays); }
  /// The office as its letters name it (name, address, phone, e-mail).
  [[nodiscard]] const LetterOffice& Office() const { return templates_.office; }

 private:
  // The registry's body the case was referred to, or nullptr.
  [[nodiscard]] const v1::ReferralBody* ReferredBody(const v1::Complaint& complaint) const;

  LetterTemplates templates_;
  const HolidayCalendar& calendar_;
  DepartmentNames department_names_;
  const v1::ReferralRegistry& referrals_;
};

}  // namespace ombudsflow::service
