#include "engine/service/subscriber_access_service.h"

#include "engine/core/base/email_address.h"
#include "engine/core/base/text.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kPurposeLength = 500;
constexpr std::size_t kEmailLength = 254;

bool SeesCounts(const Actor& actor) { return IsOfficeStaff(actor.role) || actor.role == Role::kAdministrator; }

Error OnlyTheOmbudsman() {
  return MakeError(ErrorCode::kPermissionDenied, "only the ombudsman gives the permission to see subscribers");
}

Error Invalid(std::vector<FieldViolation> violations) {
  Error error = MakeError(ErrorCode::kInvalidArgument, "the request cannot be carried out as written");
  error.field_violations = std::move(violations);
  return error;
}

// The address as the list keeps it, or the violation of "email".
Result<std::string> ListAddress(const std::string& email) {
  const std::string address = AsciiLowercase(Trimmed(email));
  if (address.empty()) return std::unexpected(Invalid({{"email", "is required", "required"}}));
  if (address.size() > kEmailLength || !IsMailboxAddress(address)) {
    return std::unexpected(Invalid({{"email", "is not an e-mail address", "not_email"}}));
  }
  return address;
}

// The address as the list keeps it and what the list has at it, with the
// use recorded first (as `outcome` when it is there): nothing is shown or
// deleted that was not recorded.
struct Looked {
  std::string address;
  std::optional<store::SubscriberRecord> record;
};

Result<Looked> LookUpRecorded(store::SubscriberAccessStore& access, store::NewsletterStore& newsletter,
                              const store::AccessGrant& grant, const Actor& actor, const std::string& email,
                              const char* outcome, Timestamp now) {
  auto address = ListAddress(email);
  if (!address) return std::unexpected(address.error());
  auto record = newsletter.SubscriberByEmail(*address);
  if (!record) return std::unexpected(record.error());
  if (auto recorded = access.RecordUse(grant.id, actor.Id(), *record ? outcome : "not_found", now); !recorded) {
    return std::unexpected(recorded.error());
  }
  return Looked{std::move(*address), std::move(*record)};
}

}  // namespace

Result<store::SubscriberCounts> SubscriberAccessService::Counts(const Actor& actor) {
  if (!SeesCounts(actor)) {
    return std::unexpected(MakeError(ErrorCode::kPermissionDenied, "the subscribers' numbers are for the office"));
  }
  return newsletter_.Counts();
}

Result<std::vector<store::AccessGrant>> SubscriberAccessService::Grants(const Actor& actor) {
  if (actor.role != Role::kOmbudsman) return std::unexpected(OnlyTheOmbudsman());
  return access_.Running(clock_.Now());
}

Result<std::vector<store::Grantee>> SubscriberAccessService::Grantees(const Actor& actor) {
  if (actor.role != Role::kOmbudsman) return std::unexpected(OnlyTheOmbudsman());
  return access_.Grantees();
}

Result<std::optional<store::AccessGrant>> SubscriberAccessService::OwnGrant(const Actor& actor) {
  if (!SeesCounts(actor) || actor.user_id.empty()) return std::optional<store::AccessGrant>();
  return access_.RunningFor(actor.user_id, clock_.Now());
}

Result<void> SubscriberAccessService::Grant(const Actor& actor, const std::string& user_id, const std::string& purpose,
                                            const std::string& days) {
  // The ombudsman in person: a deputy acts on cases and publications, and
  // a token (a system) is nobody who could answer for the permission.
  if (actor.role != Role::kOmbudsman || actor.user_id.empty()) return std::unexpected(OnlyTheOmbudsman());
  std::vector<FieldViolation> violations;
  if (user_id.empty()) violations.push_back({"user", "is required", "required"});
  if (std::string problem = TextFieldProblem(purpose, kPurposeLength, false, true); !problem.empty()) {
    violations.push_back({"purpose",
                          problem == "too_long" ? "is too long" : problem == "required" ? "is required" : "is not text",
                          problem});
  }
  int length = 0;
  if (days == "1" || days == "7" || days == "30" || days == "90") length = std::stoi(days);
  if (length == 0) violations.push_back({"days", "is not one of 1, 7, 30 and 90", "unknown_duration"});
  if (!violations.empty()) return std::unexpected(Invalid(std::move(violations)));
  const Timestamp now = clock_.Now();
  store::AccessGrant grant{.id = ids_.NewId(),
                           .user_id = user_id,
                           .user_name = {},
                           .purpose = purpose,
                           .granted_by = actor.Id(),
                           .granted_at = now,
                           .ends_at = now + std::chrono::days(length)};
  auto granted = access_.Grant(grant);
  if (!granted && granted.error().code == ErrorCode::kNotFound) {
    return std::unexpected(Invalid({{"user", "is none of the office's people", "unknown_person"}}));
  }
  return granted;
}

Result<void> SubscriberAccessService::Revoke(const Actor& actor, const std::string& grant_id) {
  if (actor.role != Role::kOmbudsman || actor.user_id.empty()) return std::unexpected(OnlyTheOmbudsman());
  auto revoked = access_.Revoke(grant_id, actor.Id(), clock_.Now());
  if (!revoked) return std::unexpected(revoked.error());
  if (!*revoked) return std::unexpected(MakeError(ErrorCode::kNotFound, "no such running permission"));
  return {};
}

Result<store::AccessGrant> SubscriberAccessService::RunningGrant(const Actor& actor) {
  auto grant = OwnGrant(actor);
  if (!grant) return std::unexpected(grant.error());
  if (!*grant) {
    return std::unexpected(
        MakeError(ErrorCode::kPermissionDenied, "seeing subscribers' addresses takes the ombudsman's permission"));
  }
  return **grant;
}

Result<std::optional<store::SubscriberRecord>> SubscriberAccessService::LookUp(const Actor& actor,
                                                                                const std::string& email) {
  auto grant = RunningGrant(actor);
  if (!grant) return std::unexpected(grant.error());
  auto looked = LookUpRecorded(access_, newsletter_, *grant, actor, email, "found", clock_.Now());
  if (!looked) return std::unexpected(looked.error());
  return std::move(looked->record);
}

Result<bool> SubscriberAccessService::Remove(const Actor& actor, const std::string& email) {
  auto grant = RunningGrant(actor);
  if (!grant) return std::unexpected(grant.error());
  auto looked = LookUpRecorded(access_, newsletter_, *grant, actor, email, "removed", clock_.Now());
  if (!looked) return std::unexpected(looked.error());
  if (!looked->record) return false;
  return newsletter_.RemoveSubscriber(looked->address, clock_.Now());
}

}  // namespace ombudsflow::service
