#include "engine/core/rules/consent.h"
#include "engine/core/rules/press.h"

#include "engine/core/rules/disclosure.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "engine/core/codec/proto_json.h"
#include "engine/core/rules/case_change.h"
#include "engine/core/rules/personal_data.h"

namespace ombudsflow {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

Result<TransitionOutcome> RecordConsent(const CaseView& view, const EngineContext& context,
                                        const Actor& actor, const v1::RecordConsentRequest& request,
                                        const std::string& consent_id) {
  if (!IsOfficeStaff(actor.role)) {
    return std::unexpected(PermissionDenied("only office staff record the citizen's consent"));
  }
  std::vector<FieldViolation> violations;
  // A press consent lets the office speak to the press about the matter
  // (press.h); the others let a piece of personal data be published.
  const bool press = request.kind() == kPressConsentKind;
  if (const auto kind = PersonalDataKindNamed(request.kind()); kind && !ConsentCanCover(*kind)) {
    violations.push_back({"kind", "a CPR number is never published, whatever the citizen consents to"});
  } else if (!kind && !press) {
    violations.push_back({"kind", "must be name, address, email, phone or press"});
  }
  if (request.value().empty()) {
    violations.push_back({"value", press ? "is required: what the office may speak to the press about"
                                         : "is required: exactly what may be published"});
  }
  if (request.evidence().empty()) violations.push_back({"evidence", "is required: how the citizen consented"});
  if (view.complaint.channel() == v1::OWN_INITIATIVE) {
    violations.push_back({"kind", "an own-initiative investigation has no complainant to consent"});
  }
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the consent declaration is incomplete", std::move(violations)));
  }
  if (auto current = CheckVersion(view.complaint, request.expected_version()); !current) {
    return std::unexpected(current.error());
  }
  v1::Complaint after = view.complaint;
  v1::ConsentDeclaration& consent = *after.add_consents();
  consent.set_id(consent_id);
  consent.set_kind(request.kind());
  consent.set_value(request.value());
  consent.set_evidence(request.evidence());
  *consent.mutable_give_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  consent.set_recorded_by(actor.Id());
  google::protobuf::Struct payload;
  (*payload.mutable_fields())["consentId"].set_string_value(consent_id);
  (*payload.mutable_fields())["kind"].set_string_value(request.kind());
  return Changed(view, context, actor, std::move(after), "consent_recorded", payload);
}

Result<TransitionOutcome> ConfirmConsent(const CaseView& view, const EngineContext& context,
                                         const OfficeState& office, const Actor& actor, const std::string& consent_id,
                                         const v1::ConfirmConsentRequest& request) {
  if (auto refused = office.RefusesOmbudsmansAuthority(actor, context.now)) {
    return std::unexpected(PermissionDenied("confirming a consent: " + *refused));
  }
  v1::Complaint after = view.complaint;
  auto consent = std::find_if(after.mutable_consents()->begin(), after.mutable_consents()->end(),
                              [&](const auto& c) { return c.id() == consent_id; });
  if (consent == after.mutable_consents()->end()) {
    return std::unexpected(NotFound("the case has no consent " + consent_id));
  }
  if (auto current = CheckVersion(view.complaint, request.expected_version()); !current) {
    return std::unexpected(current.error());
  }
  if (consent->recorded_by() == actor.Id()) {
    return std::unexpected(PermissionDenied("the person who recorded a consent may not also confirm it (four eyes)"));
  }
  if (consent->has_revoke_time()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the consent is revoked"));
  }
  if (consent->has_confirm_time()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the consent is already confirmed"));
  }
  *consent->mutable_confirm_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  consent->set_confirmed_by(actor.Id());
  google::protobuf::Struct payload;
  (*payload.mutable_fields())["consentId"].set_string_value(consent_id);
  (*payload.mutable_fields())["kind"].set_string_value(consent->kind());
  return Changed(view, context, actor, std::move(after), "consent_confirmed", payload);
}

Result<TransitionOutcome> RevokeConsent(const CaseView& view, const EngineContext& context,
                                        const Actor& actor, const std::string& consent_id,
                                        const v1::RevokeConsentRequest& request) {
  if (!IsOfficeStaff(actor.role)) {
    return std::unexpected(PermissionDenied("only office staff record the citizen's consent"));
  }
  v1::Complaint after = view.complaint;
  auto consent = std::find_if(after.mutable_consents()->begin(), after.mutable_consents()->end(),
                              [&](const auto& c) { return c.id() == consent_id; });
  if (consent == after.mutable_consents()->end()) {
    return std::unexpected(NotFound("the case has no consent " + consent_id));
  }
  if (request.reason().empty()) {
    return std::unexpected(InvalidArgument("say why the consent is revoked", {{"reason", "is required"}}));
  }
  if (auto current = CheckVersion(view.complaint, request.expected_version()); !current) {
    return std::unexpected(current.error());
  }
  if (consent->has_revoke_time()) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the consent is already revoked"));
  }
  *consent->mutable_revoke_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(context.now));
  consent->set_revoked_by(actor.Id());
  consent->set_revoke_reason(request.reason());
  google::protobuf::Struct payload;
  (*payload.mutable_fields())["consentId"].set_string_value(consent_id);
  (*payload.mutable_fields())["kind"].set_string_value(consent->kind());
  return Changed(view, context, actor, std::move(after), "consent_revoked", payload);
}

namespace {

// Whether every word of `found` is a word of `consented`, or such a word in
// the genitive (-s), or a number (a house number next to a consented street).
// Words are split exactly as the scanner splits them.
bool CoversWords(std::string_view consented, std::string_view found) {
  const std::vector<std::string> words = FoldedWords(consented);
  auto known = [&](std::string_view word) { return std::find(words.begin(), words.end(), word) != words.end(); };
  for (const std::string& part : FoldedWords(found)) {
    const bool genitive = part.size() > 1 && part.back() == 's' && known(std::string_view(part).substr(0, part.size() - 1));
    const bool number = std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!known(part) && !genitive && !number) return false;
  }
  return true;
}

}  // namespace

const v1::ConsentDeclaration* CoveringConsent(const PersonalDataHit& hit, const v1::Complaint& complaint) {
  for (const auto& consent : complaint.consents()) {
    if (consent.has_revoke_time() || !consent.has_confirm_time() || consent.evidence().empty()) continue;
    if (consent.kind() != KindName(hit.kind)) continue;
    const bool covers = hit.kind == PersonalDataKind::kName || hit.kind == PersonalDataKind::kAddress
                            ? CoversWords(consent.value(), hit.text)
                            : NormalizedPersonalData(hit.kind, consent.value()) ==
                                  NormalizedPersonalData(hit.kind, hit.text);
    if (covers) return &consent;
  }
  return nullptr;
}

void AddPersonalDataFindings(const std::string& field, const std::string& text, const v1::Complaint& complaint,
                             const std::function<bool(const PersonalDataHit&, const v1::ConsentDeclaration*)>& blocks,
                             google::protobuf::RepeatedPtrField<v1::PersonalDataFinding>& findings,
                             const PublicContacts* known) {
  for (const auto& hit : FindPersonalData(text, complaint.complainant(), known)) {
    const v1::ConsentDeclaration* consent = CoveringConsent(hit, complaint);
    auto& finding = *findings.Add();
    finding.set_field(field);
    finding.set_kind(std::string(KindName(hit.kind)));
    finding.set_line(static_cast<std::uint32_t>(hit.line));
    finding.set_column(static_cast<std::uint32_t>(hit.column));
    finding.set_offset(static_cast<std::uint32_t>(hit.offset));
    finding.set_length(static_cast<std::uint32_t>(hit.text.size()));
    // What can never go out is not repeated in full either.
    finding.set_text(ConsentCanCover(hit.kind) ? hit.text : MaskedCpr(hit.text));
    if (consent != nullptr && ConsentCanCover(hit.kind)) finding.set_covered_by(consent->id());
    finding.set_blocks(blocks(hit, consent));
  }
}

}  // namespace ombudsflow
