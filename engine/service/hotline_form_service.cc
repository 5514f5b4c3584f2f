#include "engine/service/hotline_form_service.h"

#include <algorithm>

#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/core/base/uuid.h"
#include "engine/core/citizens/complaint_form.h"
#include "engine/core/rules/intake.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {

HotlineFormService::HotlineFormService(ComplaintService& complaints, store::ComplaintStore& rows, const Clock& clock,
                                       HotlineFormSettings settings)
    : complaints_(complaints), rows_(rows), clock_(clock), sends_(settings.sends_per_minute, settings.sends_burst) {}

std::string HotlineFormService::CsrfOf(std::string_view form_token) {
  return Sha256Hex("ombudsflow hotline form csrf:" + std::string(form_token));
}

std::string HotlineFormService::CaseIdOf(std::string_view form_token) {
  return NameBasedUuid("ombudsflow hotline contact:" + std::string(form_token));
}

std::optional<std::chrono::seconds> HotlineFormService::TakeSend(std::string_view address) {
  return sends_.Take(CitizenAddressKey(address), clock_.Now());
}

Result<HotlineReceipt> HotlineFormService::Send(std::string_view form_token, const HotlineForm& form) {
  if (!IsCitizenToken(form_token)) return std::unexpected(InvalidArgument("the form has no token"));
  v1::CreateHotlineContactRequest request;
  request.set_channel(v1::WEB_FORM);
  request.set_subject(Trimmed(form.subject));
  request.set_description(FormTextOf(form.description));
  v1::Complainant caller;
  caller.set_name(Trimmed(form.name));
  caller.set_email(Trimmed(form.email));
  caller.set_phone(Trimmed(form.phone));
  caller.set_language(LetterLanguageOf(form.language));
  if (form.language == "da-easy" || form.easy_read) {
    caller.set_easy_read(true);
    caller.set_needs_accessible_format(true);
  }
  std::vector<FieldViolation> violations;
  if (form.needs_interpreter) {
    caller.set_needs_interpreter(true);
    const auto languages = InterpreterLanguages();
    if (std::find(languages.begin(), languages.end(), form.interpreter_language) == languages.end()) {
      violations.push_back({"caller.interpreter_language", "choose the interpreter's language", "choose_one"});
    } else {
      caller.set_interpreter_language(form.interpreter_language);
    }
  }
  *request.mutable_caller() = caller;
  // Text a person could not have typed is refused at its field, as the
  // complaint form refuses it.
  const auto check = [&](const std::string& text, const char* field, bool lines) {
    if (!IsFormText(text, lines)) violations.push_back({field, "holds characters that are not text", "invalid"});
  };
  check(request.subject(), "subject", false);
  check(request.description(), "description", true);
  check(caller.name(), "caller.name", false);
  check(caller.email(), "caller.email", false);
  check(caller.phone(), "caller.phone", false);
  if (!violations.empty()) return std::unexpected(InvalidArgument("the contact is invalid", std::move(violations)));

  const std::string case_id = CaseIdOf(form_token);
  auto registered =
      complaints_.RegisterFromCitizen(IntakeOf(request), case_id, {}, CaseKind::kHotlineContact);
  if (!registered) return std::unexpected(registered.error());
  const auto& complainant = registered->complaint.complainant();
  return HotlineReceipt{.case_number = registered->complaint.case_number(),
                        .reachable = !complainant.email().empty() || !complainant.phone().empty()};
}

Result<std::optional<HotlineReceipt>> HotlineFormService::Receipt(std::string_view form_token) {
  if (!IsCitizenToken(form_token)) return std::optional<HotlineReceipt>();
  auto complaint = rows_.Find(CaseIdOf(form_token));
  if (!complaint) {
    if (complaint.error().code == ErrorCode::kNotFound) return std::optional<HotlineReceipt>();
    return std::unexpected(complaint.error());
  }
  if (complaint->workflow() != WorkflowOf(CaseKind::kHotlineContact)) return std::optional<HotlineReceipt>();
  const auto& complainant = complaint->complainant();
  return std::optional<HotlineReceipt>(
      HotlineReceipt{.case_number = complaint->case_number(),
                     .reachable = !complainant.email().empty() || !complainant.phone().empty()});
}

}  // namespace ombudsflow::service
