#include "engine/service/citizen_mitid_service.h"

#include <google/protobuf/util/time_util.h>

#include <array>

#include "engine/core/base/hex.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
namespace {

constexpr std::string_view kFormPurpose = "citizen_form";
constexpr std::string_view kMinSagPurpose = "citizen_min_sag";
constexpr std::array<std::string_view, 2> kPurposes = {kFormPurpose, kMinSagPurpose};

Timestamp TimestampOf(const google::protobuf::Timestamp& at) {
  return FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(at));
}

}  // namespace

CitizenMitidService::CitizenMitidService(OidcSettings settings, store::OidcStore& logins,
                                         store::CitizenIdentityStore& identities, store::ComplaintStore& complaints,
                                         store::CitizenLinkStore& links, ComplaintFormService& form,
                                         MinSagService& min_sag, const WorkflowLabels& labels, const Clock& clock,
                                         CitizenMitidSettings settings_of_sessions)
    : client_(std::move(settings), logins, clock),
      identities_(identities),
      complaints_(complaints),
      links_(links),
      form_(form),
      min_sag_(min_sag),
      labels_(labels),
      clock_(clock),
      settings_(settings_of_sessions) {}

std::string CitizenMitidService::SubjectHash(const IdTokenIdentity& identity) const {
  // The issuer with it: the same subject at another broker is another
  // person.
  return Sha256Hex("ombudsflow citizen:" + client_.settings().issuer + "\n" + identity.subject);
}

std::string CitizenMitidService::CsrfOf(std::string_view mitid_token) {
  return Sha256Hex("ombudsflow mitid csrf:" + std::string(mitid_token));
}

Result<OidcClient::Redirect> CitizenMitidService::BeginForForm(std::string_view draft_token) {
  if (!IsCitizenToken(draft_token)) return std::unexpected(InvalidArgument("the form has no draft"));
  // The draft's hash, never its token: the pending sign-in is no key to it.
  return client_.Begin(kFormPurpose, Sha256Hex(draft_token));
}

Result<OidcClient::Redirect> CitizenMitidService::BeginForMinSag() { return client_.Begin(kMinSagPurpose, ""); }

Result<MitidOutcome> CitizenMitidService::Complete(const std::string& code, const std::string& state,
                                                   const std::string& browser_binding) {
  auto signed_in = client_.Complete(kPurposes, code, state, browser_binding);
  if (!signed_in) return std::unexpected(signed_in.error());
  const std::string subject = SubjectHash(signed_in->identity);
  MitidOutcome outcome;
  if (signed_in->purpose == kFormPurpose) {
    outcome.door = MitidOutcome::Door::kForm;
    auto linked = form_.SignedInWithMitid(signed_in->context, subject, signed_in->identity.name);
    if (!linked) return std::unexpected(linked.error());
    outcome.form_linked = linked->has_value();
    if (*linked) outcome.form_token = std::move(**linked);
    outcome.form_lifetime = std::chrono::duration_cast<std::chrono::seconds>(form_.settings().lifetime);
    return outcome;
  }
  outcome.door = MitidOutcome::Door::kMinSag;
  auto cases = identities_.CasesOf(subject, settings_.max_cases);
  if (!cases) return std::unexpected(cases.error());
  outcome.cases = static_cast<int>(cases->size());
  if (cases->empty()) return outcome;
  const std::string token = NewCitizenToken();
  const Timestamp now = clock_.Now();
  if (auto begun = identities_.BeginSession(Sha256Hex(token), subject, now, now + settings_.session); !begun) {
    return std::unexpected(begun.error());
  }
  outcome.mitid_token = token;
  if (cases->size() == 1) {
    auto opened = OpenCase(cases->front());
    if (!opened) return std::unexpected(opened.error());
    outcome.opened = std::move(*opened);
  }
  return outcome;
}

Result<std::optional<std::string>> CitizenMitidService::SubjectOf(std::string_view mitid_token) {
  if (!IsCitizenToken(mitid_token)) return std::optional<std::string>();
  return identities_.SessionSubject(Sha256Hex(mitid_token), clock_.Now());
}

Result<std::optional<std::vector<CitizenCaseSummary>>> CitizenMitidService::Cases(std::string_view mitid_token) {
  using Answer = std::optional<std::vector<CitizenCaseSummary>>;
  auto subject = SubjectOf(mitid_token);
  if (!subject) return std::unexpected(subject.error());
  if (!*subject) return Answer();
  auto cases = identities_.CasesOf(**subject, settings_.max_cases);
  if (!cases) return std::unexpected(cases.error());
  std::vector<CitizenCaseSummary> summaries;
  for (const std::string& id : *cases) {
    auto complaint = complaints_.Find(id);
    if (!complaint) return std::unexpected(complaint.error());
    summaries.push_back({.complaint_id = id,
                         .case_number = complaint->case_number(),
                         .subject = complaint->subject(),
                         .stage = std::string(labels_.CitizenStage(complaint->workflow(), complaint->state())),
                         .received_on = clock_.LocalDate(TimestampOf(complaint->create_time()))});
  }
  return Answer(std::move(summaries));
}

Result<std::optional<CitizenSession>> CitizenMitidService::Open(std::string_view mitid_token,
                                                               const std::string& complaint_id) {
  auto subject = SubjectOf(mitid_token);
  if (!subject) return std::unexpected(subject.error());
  if (!*subject) return std::optional<CitizenSession>();
  auto owns = identities_.Owns(**subject, complaint_id);
  if (!owns) return std::unexpected(owns.error());
  if (!*owns) return std::optional<CitizenSession>();
  return OpenCase(complaint_id);
}

Result<std::optional<CitizenSession>> CitizenMitidService::OpenCase(const std::string& complaint_id) {
  // The page an e-mail link opens, through a link of its own that no
  // e-mail carries; the office's revoking ends it as it ends the others.
  auto link = MintCitizenLink(links_, clock_, settings_.link_lifetime, complaint_id);
  if (!link) return std::unexpected(link.error());
  return min_sag_.Open(*link);
}

Result<void> CitizenMitidService::End(std::string_view mitid_token, std::string_view min_sag_token) {
  if (IsCitizenToken(min_sag_token)) {
    if (auto ended = min_sag_.End(min_sag_token); !ended) return ended;
  }
  if (!IsCitizenToken(mitid_token)) return {};
  return identities_.EndSession(Sha256Hex(mitid_token));
}

}  // namespace ombudsflow::service
