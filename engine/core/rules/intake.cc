#include "engine/core/rules/intake.h"

#include "engine/core/workflow/workflow_lookup.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>

#include <re2/re2.h>

#include <algorithm>

#include <utility>
#include <vector>

#include "engine/core/base/email_address.h"
#include "engine/core/base/hex.h"
#include "engine/core/base/text.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/rules/personal_data.h"
#include "engine/core/workflow/report_tallies.h"

namespace ombudsflow {
namespace {

class Violations {
 public:
  // `reason`: the stable code the workplace words in the person's language.
  void Add(std::string field, std::string description, std::string reason) {
    list_.push_back({std::move(field), std::move(description), std::move(reason)});
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] Error ToError() && {
    return InvalidArgument("the complaint is incomplete or invalid", std::move(list_));
  }

 private:
  std::vector<FieldViolation> list_;
};

// Trims `*text` in place and reports it when empty or too long.
void RequireText(std::string* text, const std::string& field, std::size_t max_length,
                 Violations& violations) {
  *text = Trimmed(*text);
  if (text->empty()) {
    violations.Add(field, "is required", "required");
  } else if (Utf8Length(*text) > max_length) {
    violations.Add(field, "is longer than " + std::to_string(max_length) + " characters", "too_long");
  }
}

void CheckOptionalText(std::string* text, const std::string& field, std::size_t max_length,
                       Violations& violations) {
  *text = Trimmed(*text);
  if (Utf8Length(*text) > max_length) {
    violations.Add(field, "is longer than " + std::to_string(max_length) + " characters", "too_long");
  }
}

bool IsLanguageTag(const std::string& tag) {
  static const re2::RE2 kShape(R"([a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)");
  return re2::RE2::FullMatch(tag, kShape);
}

// A stable digest of the request, so a reused Idempotency-Key with a
// different body can be told apart from a genuine retry.
std::string Fingerprint(const v1::CreateComplaintRequest& request) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  request.SerializeToCodedStream(&coded);
  coded.Trim();
  return Sha256Hex(bytes);
}

std::string RegisteredPayload(const NewComplaint& complaint) {
  // Deliberately no personal data: see AuditEvent.
  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["workflow"].set_string_value(complaint.workflow);
  fields["workflowVersion"].set_number_value(complaint.workflow_version);
  fields["state"].set_string_value(complaint.state);
  fields["channel"].set_string_value(v1::Channel_Name(complaint.intake.channel()));
  fields["department"].set_string_value(complaint.intake.department());
  if (!complaint.converted_from.empty()) fields["convertedFrom"].set_string_value(complaint.converted_from);
  // The first facts are the case's as much as a step's are (no personal
  // data: the answer to a yes-or-no question).
  if (!complaint.facts.fields().empty()) *fields["facts"].mutable_struct_value() = complaint.facts;
  fields["tallies"] = TalliesValue(RegistrationTallies(complaint.intake.channel()));
  return ombudsflow::ToJson(payload, false);
}

}  // namespace

std::string_view WorkflowOf(CaseKind kind) {
  switch (kind) {
    case CaseKind::kComplaint: return "complaint";
    case CaseKind::kOwnInitiative: return "own_initiative";
    case CaseKind::kHotlineContact: return "discrimination_hotline";
    case CaseKind::kWhistleblowerReport: return "whistleblower";
  }
  return "complaint";
}

v1::CreateComplaintRequest IntakeOf(const v1::CreateInvestigationRequest& request) {
  v1::CreateComplaintRequest intake;
  intake.set_channel(v1::OWN_INITIATIVE);
  intake.set_department(request.department());
  intake.set_subject(request.subject());
  intake.set_description(request.description());
  return intake;
}

v1::CreateComplaintRequest IntakeOf(const v1::CreateHotlineContactRequest& request) {
  v1::CreateComplaintRequest intake;
  intake.set_channel(request.channel());
  if (request.has_caller()) *intake.mutable_complainant() = request.caller();
  intake.set_department(request.department());
  intake.set_subject(request.subject());
  intake.set_description(request.description());
  return intake;
}

Result<v1::CreateComplaintRequest> ValidateIntake(v1::CreateComplaintRequest request, CaseKind kind) {
  Violations violations;
  if (kind == CaseKind::kOwnInitiative) {
    if (request.channel() != v1::OWN_INITIATIVE) {
      violations.Add("channel", "an investigation is OWN_INITIATIVE", "own_initiative_channel");
    }
    if (request.has_complainant()) {
      violations.Add("complainant", "an own-initiative investigation has no complainant", "own_initiative_complainant");
    }
  } else if (request.channel() == v1::CHANNEL_UNSPECIFIED || request.channel() == v1::OWN_INITIATIVE) {
    violations.Add("channel", "is required: LETTER, EMAIL, WEB_FORM, PHONE or IN_PERSON", "required_choice");
  }
  const bool complainant_required = kind == CaseKind::kComplaint;
  if (kind == CaseKind::kWhistleblowerReport) {
    if (request.has_complainant()) {
      violations.Add("complainant", "a whistleblower report names no complainant: the identity is kept apart",
                     "whistleblower_complainant");
    }
    if (!request.department().empty()) {
      violations.Add("department", "a whistleblower report is no department's case", "whistleblower_department");
    }
    request.mutable_complainant()->set_language(std::string(kDefaultLanguage));
  } else if (!request.has_complainant()) {
    if (complainant_required) violations.Add("complainant", "is required", "required");
    if (kind == CaseKind::kHotlineContact) {
      request.mutable_complainant()->set_language(std::string(kDefaultLanguage));
    }
  } else {
    v1::Complainant& complainant = *request.mutable_complainant();
    if (complainant_required) {
      RequireText(complainant.mutable_name(), "complainant.name", kMaxNameLength, violations);
    } else {
      CheckOptionalText(complainant.mutable_name(), "caller.name", kMaxNameLength, violations);
    }
    const std::string prefix = complainant_required ? "complainant." : "caller.";
    CheckOptionalText(complainant.mutable_email(), prefix + "email", 254, violations);
    CheckOptionalText(complainant.mutable_phone(), prefix + "phone", 40, violations);
    CheckOptionalText(complainant.mutable_postal_address(), prefix + "postal_address", 500, violations);
    if (!complainant.email().empty() && !IsMailboxAddress(complainant.email())) {
      violations.Add(prefix + "email", "is not an e-mail address", "not_an_email");
    }
    if (complainant_required && complainant.email().empty() && complainant.phone().empty() &&
        complainant.postal_address().empty()) {
      violations.Add("complainant",
                     "needs at least one way to reach the citizen: email, phone or "
                     "postal_address",
                     "no_way_to_reach");
    }
    complainant.set_language(Trimmed(complainant.language()));
    if (complainant.language().empty()) {
      complainant.set_language(std::string(kDefaultLanguage));
    } else if (!IsLanguageTag(complainant.language())) {
      violations.Add(prefix + "language", "is not a language tag such as \"da\" or \"en\"", "not_a_language");
    }
    // The interpreter's language only means something when one is needed.
    complainant.set_interpreter_language(Trimmed(complainant.interpreter_language()));
    if (!complainant.interpreter_language().empty()) {
      if (!IsLanguageTag(complainant.interpreter_language())) {
        violations.Add(prefix + "interpreter_language", "is not a language tag such as \"ar\" or \"tr\"", "not_a_language");
      } else if (!complainant.needs_interpreter()) {
        violations.Add(prefix + "interpreter_language", "is only for a citizen who needs an interpreter",
                       "interpreter_language_without_need");
      }
    }
  }
  if (kind == CaseKind::kHotlineContact || kind == CaseKind::kWhistleblowerReport) {
    CheckOptionalText(request.mutable_department(), "department", 16, violations);
  } else {
    RequireText(request.mutable_department(), "department", 16, violations);
  }
  RequireText(request.mutable_subject(), "subject", kMaxSubjectLength, violations);
  RequireText(request.mutable_description(), "description", kMaxDescriptionLength,
              violations);
  // The department reads the subject (the description stays in the office).
  if (!violations.empty()) return std::unexpected(std::move(violations).ToError());
  if (auto found = ComplainantIdentifiedIn(request.subject(), request.complainant())) {
    violations.Add("subject", "contains " + *found +
                                  ": the department reads the subject, so write it without the complainant's name "
                                  "or contact details",
                    "subject_identifies_complainant");
    return std::unexpected(std::move(violations).ToError());
  }
  return request;
}

std::string IdempotencyOwner(const Actor& actor) {
  return actor.token_id.empty() ? actor.Id() : "token:" + actor.token_id;
}

Actor CitizenActor() { return Actor{.role = Role::kSystem, .name = std::string(kCitizenActorName)}; }

Result<NewComplaint> PrepareIntake(const IntakeContext& context,
                                   v1::CreateComplaintRequest request) {
  if (context.from_citizen) {
    request.set_channel(v1::WEB_FORM);
  } else if (auto allowed = Authorize(context.actor, Permission::kRegisterComplaint); !allowed) {
    return std::unexpected(allowed.error());
  }
  if (context.idempotency_key.size() > kMaxIdempotencyKeyLength) {
    return std::unexpected(InvalidArgument(
        "the Idempotency-Key header is longer than " +
        std::to_string(kMaxIdempotencyKeyLength) + " characters"));
  }
  // A header's bytes are not text until checked: printable ASCII only, as
  // the Idempotency-Key draft's sf-string allows.
  if (!std::all_of(context.idempotency_key.begin(), context.idempotency_key.end(),
                   [](char c) { return c >= 0x20 && c <= 0x7E; })) {
    return std::unexpected(InvalidArgument("the Idempotency-Key header must be printable ASCII"));
  }
  auto valid = ValidateIntake(std::move(request), context.kind);
  if (!valid) return std::unexpected(valid.error());

  NewComplaint complaint;
  complaint.id = context.id;
  complaint.workflow = context.workflow.name();
  complaint.workflow_version = context.workflow.version();
  complaint.state = context.workflow.initial_state();
  complaint.intake = std::move(*valid);
  complaint.created_at = context.now;
  complaint.created_by_token = context.actor.token_id;
  complaint.idempotency_key = context.idempotency_key;
  complaint.converted_from = context.converted_from;
  complaint.facts = context.facts;
  if (const v1::State* first = FindState(context.workflow, complaint.state); first != nullptr && first->has_deadline()) {
    if (context.calendar == nullptr) {
      return std::unexpected(Internal("the first state of '" + complaint.workflow + "' has a deadline: intake needs the calendar"));
    }
    complaint.due_date = DueDate(*first, *context.calendar, context.today);
    complaint.timeout_transition = first->deadline().on_timeout();
  }
  if (!complaint.idempotency_key.empty()) {
    complaint.idempotency_owner = IdempotencyOwner(context.actor);
    complaint.request_fingerprint = Fingerprint(complaint.intake);
  }
  complaint.registered_event = Sealed(AuditEvent{
      .complaint_id = complaint.id,
      .seq = 1,
      .occurred_at = context.now,
      .actor_role = std::string(RoleName(context.actor.role)),
      .actor = context.actor.Id(),
      .kind = "complaint_registered",
      .payload_json = RegisteredPayload(complaint),
      .prev_hash = {},
      .hash = {},
  });
  return complaint;
}

}  // namespace ombudsflow
