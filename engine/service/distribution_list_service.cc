#include "engine/service/distribution_list_service.h"

#include "engine/core/base/email_address.h"
#include "engine/core/base/text.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kNameLength = 120;
constexpr std::size_t kDescriptionLength = 500;
constexpr std::size_t kMemberNameLength = 200;
constexpr std::size_t kOrganisationLength = 200;
constexpr std::size_t kEmailLength = 254;

bool KeepsLists(const Actor& actor) {
  return actor.role == Role::kCaseworker || actor.role == Role::kOmbudsman || actor.role == Role::kDeputy;
}

Error NotAllowed() {
  return MakeError(ErrorCode::kPermissionDenied, "only the office's staff keep the distribution lists");
}

std::string Words(const std::string& key) {
  if (key == "required") return "is required";
  if (key == "too_long") return "is too long";
  if (key == "not_text") return "is not text on one line";
  if (key == "not_email") return "is not an e-mail address";
  if (key == "taken") return "is in use already";
  return key;
}

Error Invalid(std::vector<FieldViolation> violations) {
  Error error = MakeError(ErrorCode::kInvalidArgument, "the list cannot be kept as written");
  error.field_violations = std::move(violations);
  return error;
}

void CheckText(std::vector<FieldViolation>& violations, const std::string& field, const std::string& value,
               std::size_t most, bool required) {
  if (std::string problem = TextFieldProblem(value, most, true, required); !problem.empty()) {
    violations.push_back({field, Words(problem), problem});
  }
}

}  // namespace

Result<std::vector<store::DistributionList>> DistributionListService::Lists(const Actor& actor) {
  if (!KeepsLists(actor) && actor.role != Role::kAdministrator) return std::unexpected(NotAllowed());
  return store_.Lists();
}

Result<store::DistributionList> DistributionListService::List(const Actor& actor, const std::string& id) {
  if (!KeepsLists(actor)) return std::unexpected(NotAllowed());
  return store_.List(id);
}

Result<std::string> DistributionListService::Create(const Actor& actor, const std::string& name,
                                                    const std::string& description) {
  if (!KeepsLists(actor)) return std::unexpected(NotAllowed());
  std::vector<FieldViolation> violations;
  CheckText(violations, "name", name, kNameLength, true);
  CheckText(violations, "description", description, kDescriptionLength, false);
  if (!violations.empty()) return std::unexpected(Invalid(std::move(violations)));
  const std::string id = ids_.NewId();
  auto created = store_.CreateList(id, name, description, actor.Id(), clock_.Now());
  if (!created && created.error().code == ErrorCode::kAlreadyExists) {
    return std::unexpected(Invalid({{"name", Words("taken"), "taken"}}));
  }
  if (!created) return std::unexpected(created.error());
  return id;
}

Result<void> DistributionListService::AddMember(const Actor& actor, const std::string& list_id,
                                                const store::ListMember& member) {
  if (!KeepsLists(actor)) return std::unexpected(NotAllowed());
  std::vector<FieldViolation> violations;
  CheckText(violations, "name", member.name, kMemberNameLength, true);
  CheckText(violations, "organisation", member.organisation, kOrganisationLength, false);
  const std::string email = AsciiLowercase(member.email);
  if (email.empty()) {
    violations.push_back({"email", Words("required"), "required"});
  } else if (email.size() > kEmailLength || !IsMailboxAddress(email)) {
    violations.push_back({"email", Words("not_email"), "not_email"});
  }
  if (!violations.empty()) return std::unexpected(Invalid(std::move(violations)));
  store::ListMember kept{.id = ids_.NewId(), .name = member.name, .email = email, .organisation = member.organisation};
  auto added = store_.AddMember(list_id, kept, actor.Id(), clock_.Now());
  if (!added && added.error().code == ErrorCode::kAlreadyExists) {
    return std::unexpected(Invalid({{"email", "is on the list already", "on_list"}}));
  }
  return added;
}

Result<bool> DistributionListService::RemoveMember(const Actor& actor, const std::string& list_id,
                                                   const std::string& member_id) {
  if (!KeepsLists(actor)) return std::unexpected(NotAllowed());
  return store_.RemoveMember(list_id, member_id);
}

}  // namespace ombudsflow::service
