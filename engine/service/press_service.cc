#include "engine/service/press_service.h"

#include "engine/core/base/text.h"
#include "engine/core/rules/press.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kNameLength = 200;
constexpr std::size_t kTopicLength = 2000;
constexpr std::size_t kAnswerLength = 4000;
constexpr std::size_t kCaseNumberLength = 40;

bool IsStaff(const Actor& actor) {
  return actor.role == Role::kCaseworker || actor.role == Role::kOmbudsman || actor.role == Role::kDeputy;
}

Error NotStaff() { return MakeError(ErrorCode::kPermissionDenied, "only the office's staff keep the press log"); }

// A field's problem, if any, in words and as its reason.
void CheckText(std::vector<FieldViolation>& violations, const std::string& field, const std::string& value,
               std::size_t most, bool one_line, bool required) {
  const std::string problem = TextFieldProblem(value, most, one_line, required);
  if (problem == "not_text") violations.push_back({field, "is not text on the lines it may have", problem});
  if (problem == "required") violations.push_back({field, "is required", problem});
  if (problem == "too_long") violations.push_back({field, "is too long", problem});
}

Error Invalid(std::vector<FieldViolation> violations) {
  Error error = MakeError(ErrorCode::kInvalidArgument, "the press log entry cannot be kept as written");
  error.field_violations = std::move(violations);
  return error;
}

}  // namespace

Result<std::vector<store::PressInquiry>> PressService::List(const Actor& actor) {
  if (!IsStaff(actor)) return std::unexpected(NotStaff());
  return store_.List(200);
}

Result<store::PressInquiry> PressService::Record(const Actor& actor, const PressQuestion& question) {
  if (!IsStaff(actor)) return std::unexpected(NotStaff());
  std::vector<FieldViolation> violations;
  CheckText(violations, "medium", question.medium, kNameLength, true, true);
  CheckText(violations, "journalist", question.journalist, kNameLength, true, true);
  CheckText(violations, "topic", question.topic, kTopicLength, false, true);
  CheckText(violations, "case_number", question.case_number, kCaseNumberLength, true, false);
  std::optional<std::string> complaint_id;
  if (violations.empty() && !question.case_number.empty()) {
    auto found = complaints_.IdOfCaseNumber(question.case_number);
    if (!found) return std::unexpected(found.error());
    if (!*found) violations.push_back({"case_number", "names no case", "unknown_case"});
    complaint_id = *found;
  }
  if (!violations.empty()) return std::unexpected(Invalid(std::move(violations)));
  const Timestamp now = clock_.Now();
  store::PressInquiry inquiry{.id = ids_.NewId(), .asked_at = now, .medium = question.medium,
                              .journalist = question.journalist, .topic = question.topic,
                              .complaint_id = complaint_id, .case_number = question.case_number,
                              .recorded_by = actor.Id(), .recorded_at = now};
  if (auto recorded = store_.Record(inquiry); !recorded) return std::unexpected(recorded.error());
  return inquiry;
}

Result<void> PressService::Answer(const Actor& actor, const std::string& id, const std::string& answer) {
  if (!IsStaff(actor)) return std::unexpected(NotStaff());
  std::vector<FieldViolation> violations;
  CheckText(violations, "answer", answer, kAnswerLength, false, true);
  if (!violations.empty()) return std::unexpected(Invalid(std::move(violations)));
  auto inquiry = store_.Find(id);
  if (!inquiry) return std::unexpected(inquiry.error());
  if (inquiry->answered_by) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the inquiry is answered already"));
  }
  const Timestamp now = clock_.Now();
  // The ombudsman answers the press; in their absence the chief consultant,
  // under the ombudsman's delegation.
  auto office = cases_.Office(now);
  if (!office) return std::unexpected(office.error());
  if (auto refused = office->RefusesOmbudsmansAuthority(actor, now)) {
    Error error = MakeError(ErrorCode::kPermissionDenied, *refused);
    error.refused_by = "press_authority";
    return std::unexpected(error);
  }
  std::string consent_id;
  if (inquiry->complaint_id) {
    auto stored = cases_.Load(*inquiry->complaint_id);
    if (!stored) return std::unexpected(stored.error());
    auto consent = PressConsentOf(stored->complaint);
    if (!consent) {
      Error error = MakeError(ErrorCode::kFailedPrecondition, consent.error());
      error.refused_by = "press_consent";
      error.field_violations.push_back({"answer", consent.error(), "press_consent"});
      return std::unexpected(error);
    }
    consent_id = *consent;
  }
  return store_.Answer(id, actor.Id(), now, answer, consent_id);
}

}  // namespace ombudsflow::service
