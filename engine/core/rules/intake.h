#pragma once

#include <optional>
#include <string>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/audit_event.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"
#include "google/protobuf/struct.pb.h"

namespace ombudsflow {

/// Limits on intake text, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxSubjectLength = 300;
inline constexpr std::size_t kMaxDescriptionLength = 50'000;
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
/// The language letters go out in when the citizen states none.
inline constexpr std::string_view kDefaultLanguage = "da";

/// What kind of case an intake opens; each starts on its own workflow.
enum class CaseKind {
  kComplaint,       // a citizen's complaint: workflow "complaint"
  kOwnInitiative,   // an inspection or general investigation: "own_initiative"
  kHotlineContact,  // a discrimination hotline contact: "discrimination_hotline"
  // A report to the whistleblower scheme: "whistleblower". It names no
  // complainant and no department: the reporter's identity, when given,
  // is kept apart (WhistleblowerStore), and no department sees the case.
  kWhistleblowerReport,
};

[[nodiscard]] std::string_view WorkflowOf(CaseKind kind);

/// The intake an investigation or hotline contact amounts to.
[[nodiscard]] v1::CreateComplaintRequest IntakeOf(const v1::CreateInvestigationRequest& request);
[[nodiscard]] v1::CreateComplaintRequest IntakeOf(const v1::CreateHotlineContactRequest& request);

/// A registered complaint ready to be stored, with its first audit event.
struct NewComplaint {
  std::string id;
  std::string workflow;
  std::uint32_t workflow_version = 0;
  std::string state;
  v1::CreateComplaintRequest intake;  // validated and normalised
  Timestamp created_at;
  std::string created_by_token;
  // Set when the caller sent an Idempotency-Key: a retry with the same key
  // and the same request returns the complaint instead of a duplicate.
  std::string idempotency_key;
  std::string idempotency_owner;  // IdempotencyOwner(actor), with a key
  std::string request_fingerprint;
  // The hotline contact this complaint was converted from, if any.
  std::string converted_from;
  // The case's first facts (the public form's answer to the dialogue
  // question); none for other intakes.
  google::protobuf::Struct facts;
  // The first state's deadline, when it has one (a whistleblower report
  // is acknowledged within 7 days), and the timer it fires.
  std::optional<Date> due_date;
  std::string timeout_transition;
  AuditEvent registered_event;
};

/// Checks an intake request and returns it normalised (text trimmed, language
/// defaulted). Fails with kInvalidArgument and one field violation per
/// problem, named by proto field path. Whether the department exists is the
/// store's to say: departments are data. What is required depends on the
/// kind: a complaint needs a complainant who can be reached and a department;
/// an investigation has no complainant; a hotline caller may be anonymous.
[[nodiscard]] Result<v1::CreateComplaintRequest> ValidateIntake(
    v1::CreateComplaintRequest request, CaseKind kind = CaseKind::kComplaint);

struct IntakeContext {
  CaseKind kind;
  const Actor& actor;
  const v1::WorkflowDefinition& workflow;  // the newest version of WorkflowOf(kind)
  Timestamp now;
  std::string id;
  std::string idempotency_key;  // may be empty
  std::string converted_from = {};  // a hotline contact's id, for conversions
  // Sent by a citizen through the public form: nobody signed in, so no
  // permission is asked; the channel is WEB_FORM whatever the request says.
  bool from_citizen = false;
  google::protobuf::Struct facts = {};
  // For a first state with a deadline: the office's calendar and today's
  // local date. A first state with a deadline and no calendar is refused.
  const HolidayCalendar* calendar = nullptr;
  Date today = {};
};

/// Whose an Idempotency-Key is: the token's that sent it, or the person's
/// signed in with a session (who has no token), so a form posted twice from
/// the workplace registers one complaint as a client's retry does.
[[nodiscard]] std::string IdempotencyOwner(const Actor& actor);

/// The name the public form's registrations are recorded under
/// ("system:citizen"): the citizen, who has no account.
inline constexpr std::string_view kCitizenActorName = "citizen";
[[nodiscard]] Actor CitizenActor();

/// Authorises, validates and builds the complaint and its
/// "complaint_registered" event, which starts the case's hash chain.
[[nodiscard]] Result<NewComplaint> PrepareIntake(const IntakeContext& context,
                                                 v1::CreateComplaintRequest request);

}  // namespace ombudsflow
