#include "engine/intake.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <regex>
#include <utility>
#include <vector>

#include "engine/access_policy.h"
#include "engine/hex.h"
#include "engine/text.h"

namespace ombudsflow {
namespace {

class Violations {
 public:
  void Add(std::string field, std::string description) {
    list_.push_back({std::move(field), std::move(description)});
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] Error ToError() && {
    return InvalidArgument("the complaint is incomplete or invalid", std::move(list_));
  }

 private:
  std::vector<FieldViolation> list_;
};

// Trims `*text` in place and reports it when empty or too long.
void RequireText(std::string* text, std::string_view field, std::size_t max_length,
                 Violations& violations) {
  *text = Trimmed(*text);
  if (text->empty()) {
    violations.Add(std::string(field), "is required");
  } else if (Utf8Length(*text) > max_length) {
    violations.Add(std::string(field),
                   "is longer than " + std::to_string(max_length) + " characters");
  }
}

void CheckOptionalText(std::string* text, std::string_view field, std::size_t max_length,
                       Violations& violations) {
  *text = Trimmed(*text);
  if (Utf8Length(*text) > max_length) {
    violations.Add(std::string(field),
                   "is longer than " + std::to_string(max_length) + " characters");
  }
}

bool IsPlausibleEmail(const std::string& email) {
  // Deliverability is not ours to prove; this only catches typing slips.
  static const std::regex kShape(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
  return std::regex_match(email, kShape);
}

bool IsLanguageTag(const std::string& tag) {
  static const std::regex kShape(R"([a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)");
  return std::regex_match(tag, kShape);
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
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(payload, &json);  // cannot fail for a Struct
  return json;
}

}  // namespace

Result<v1::CreateComplaintRequest> ValidateIntake(v1::CreateComplaintRequest request) {
  Violations violations;
  if (request.channel() == v1::CHANNEL_UNSPECIFIED) {
    violations.Add("channel", "is required: LETTER, EMAIL, WEB_FORM, PHONE or IN_PERSON");
  }
  if (!request.has_complainant()) {
    violations.Add("complainant", "is required");
  } else {
    v1::Complainant& complainant = *request.mutable_complainant();
    RequireText(complainant.mutable_name(), "complainant.name", kMaxNameLength, violations);
    CheckOptionalText(complainant.mutable_email(), "complainant.email", 254, violations);
    CheckOptionalText(complainant.mutable_phone(), "complainant.phone", 40, violations);
    CheckOptionalText(complainant.mutable_postal_address(), "complainant.postal_address",
                      500, violations);
    if (!complainant.email().empty() && !IsPlausibleEmail(complainant.email())) {
      violations.Add("complainant.email", "is not an e-mail address");
    }
    if (complainant.email().empty() && complainant.phone().empty() &&
        complainant.postal_address().empty()) {
      violations.Add("complainant",
                     "needs at least one way to reach the citizen: email, phone or "
                     "postal_address");
    }
    complainant.set_language(Trimmed(complainant.language()));
    if (complainant.language().empty()) {
      complainant.set_language(std::string(kDefaultLanguage));
    } else if (!IsLanguageTag(complainant.language())) {
      violations.Add("complainant.language", "is not a language tag such as \"da\" or \"en\"");
    }
  }
  RequireText(request.mutable_department(), "department", 16, violations);
  RequireText(request.mutable_subject(), "subject", kMaxSubjectLength, violations);
  RequireText(request.mutable_description(), "description", kMaxDescriptionLength,
              violations);
  if (!violations.empty()) return std::unexpected(std::move(violations).ToError());
  return request;
}

Result<NewComplaint> PrepareIntake(const IntakeContext& context,
                                   v1::CreateComplaintRequest request) {
  if (auto allowed = Authorize(context.actor, Permission::kRegisterComplaint); !allowed) {
    return std::unexpected(allowed.error());
  }
  if (context.idempotency_key.size() > kMaxIdempotencyKeyLength) {
    return std::unexpected(InvalidArgument(
        "the Idempotency-Key header is longer than " +
        std::to_string(kMaxIdempotencyKeyLength) + " characters"));
  }
  auto valid = ValidateIntake(std::move(request));
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
  if (!complaint.idempotency_key.empty()) {
    complaint.request_fingerprint = Fingerprint(complaint.intake);
  }
  complaint.registered_event = Sealed(AuditEvent{
      .complaint_id = complaint.id,
      .seq = 1,
      .occurred_at = context.now,
      .actor_role = std::string(RoleName(context.actor.role)),
      .actor_name = context.actor.name,
      .kind = "complaint_registered",
      .payload_json = RegisteredPayload(complaint),
      .prev_hash = {},
      .hash = {},
  });
  return complaint;
}

}  // namespace ombudsflow
