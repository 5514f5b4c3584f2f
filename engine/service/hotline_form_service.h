#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/complaint_service.h"
#include "engine/service/rate_limiter.h"
#include "engine/store/complaint_store.h"

namespace ombudsflow::service {

/// What the discrimination hotline's public form allows (serve's
/// --hotline-form-* options).
struct HotlineFormSettings {
  // Contacts sent from one address, a minute and at once.
  int sends_per_minute = 2;
  int sends_burst = 5;
};

/// What a citizen tells the hotline through its public form. Every way
/// to reach them is optional: a contact may be anonymous.
struct HotlineForm {
  std::string subject;      // in a line
  std::string description;  // what happened
  std::string name;
  std::string email;
  std::string phone;
  std::string language;  // the page's ("da", "da-easy", "en"): letters follow it
  // Needs, as the complaint form asks them: an interpreter (and in which
  // language, one of InterpreterLanguages()), letters in easy Danish.
  bool needs_interpreter = false;
  std::string interpreter_language;
  bool easy_read = false;
};

struct HotlineReceipt {
  std::string case_number;
  bool reachable = false;  // gave a way to reach them
};

/// The discrimination hotline's public door: a contact registered once
/// however often its form is sent (its id comes from the form's token, which
/// only the citizen's browser holds), on the hotline's own workflow. The
/// checks are the intake's (ValidateIntake for a hotline contact).
class HotlineFormService {
 public:
  HotlineFormService(ComplaintService& complaints, store::ComplaintStore& rows, const Clock& clock,
                     HotlineFormSettings settings);

  /// The CSRF token the form carries for `form_token`.
  [[nodiscard]] static std::string CsrfOf(std::string_view form_token);
  [[nodiscard]] std::optional<std::chrono::seconds> TakeSend(std::string_view address);

  /// Registers the contact; kInvalidArgument naming each field that is
  /// wrong ("subject", "description", "caller.email", ...).
  [[nodiscard]] Result<HotlineReceipt> Send(std::string_view form_token, const HotlineForm& form);
  /// The receipt of the contact sent with `form_token`; nullopt when none was.
  [[nodiscard]] Result<std::optional<HotlineReceipt>> Receipt(std::string_view form_token);

 private:
  [[nodiscard]] static std::string CaseIdOf(std::string_view form_token);

  ComplaintService& complaints_;
  store::ComplaintStore& rows_;
  const Clock& clock_;
  RateLimiter sends_;
};

}  // namespace ombudsflow::service
