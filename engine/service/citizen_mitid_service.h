#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/service/complaint_form_service.h"
#include "engine/service/min_sag_service.h"
#include "engine/service/oidc_client.h"
#include "engine/service/workflow_labels.h"
#include "engine/store/citizen_identity_store.h"
#include "engine/store/citizen_link_store.h"
#include "engine/store/complaint_store.h"
#include "engine/store/oidc_store.h"

namespace ombudsflow::service {

/// How long what a MitID sign-in opens lasts.
struct CitizenMitidSettings {
  // The list of a person's cases after signing in.
  std::chrono::minutes session{15};
  // The link behind a case opened from it: Min sag's session then lasts
  // as one opened from an e-mail does, up to this.
  std::chrono::hours link_lifetime{12};
  // Cases listed at most.
  int max_cases = 50;
};

/// One of the person's cases, as the list after signing in shows it.
struct CitizenCaseSummary {
  std::string complaint_id;
  std::string case_number;
  std::string subject;
  std::string stage;  // a CitizenStages() name
  Date received_on{};  // the day the office received it
};

/// What a MitID sign-in came to.
struct MitidOutcome {
  enum class Door { kForm, kMinSag };
  Door door = Door::kMinSag;
  // kForm: whether the draft took it (false: it expired or was sent), and
  // the draft's new token for its cookie, lasting `form_lifetime`.
  bool form_linked = false;
  std::string form_token;
  std::chrono::seconds form_lifetime{0};
  // kMinSag: the browser's signed-in token (its cookie), none when the
  // person has no case here; and, when they have exactly one, the Min sag
  // session opened on it.
  std::string mitid_token;
  int cases = 0;
  std::optional<CitizenSession> opened;
};

/// Citizens sign in with MitID through the municipality's OpenID Connect
/// broker: at the complaint form, so that the case is recorded as theirs,
/// and at Min sag, to find their cases without an e-mail link. A person is
/// known here only by the SHA-256 of the broker's issuer and pseudonymous
/// subject; their name is used to fill in the form, never kept apart.
class CitizenMitidService {
 public:
  CitizenMitidService(OidcSettings settings, store::OidcStore& logins, store::CitizenIdentityStore& identities,
                      store::ComplaintStore& complaints, store::CitizenLinkStore& links, ComplaintFormService& form,
                      MinSagService& min_sag, const WorkflowLabels& labels, const Clock& clock,
                      CitizenMitidSettings settings_of_sessions);

  void SetRedirectUrl(std::string url) { client_.SetRedirectUrl(std::move(url)); }

  /// Starts a sign-in from the form whose draft `draft_token` names.
  [[nodiscard]] Result<OidcClient::Redirect> BeginForForm(std::string_view draft_token);
  /// Starts a sign-in at Min sag's door.
  [[nodiscard]] Result<OidcClient::Redirect> BeginForMinSag();

  /// Completes either at the one callback (OidcClient::Complete's errors).
  [[nodiscard]] Result<MitidOutcome> Complete(const std::string& code, const std::string& state,
                                              const std::string& browser_binding);

  /// The cases of the person the browser's `mitid_token` is signed in as;
  /// nullopt when it is not (any more).
  [[nodiscard]] Result<std::optional<std::vector<CitizenCaseSummary>>> Cases(std::string_view mitid_token);
  /// Opens Min sag on one of them; nullopt when the token has ended or the
  /// case is not the person's, which are not told apart.
  [[nodiscard]] Result<std::optional<CitizenSession>> Open(std::string_view mitid_token,
                                                           const std::string& complaint_id);
  /// Signs the browser out: its MitID sign-in, and the Min sag session
  /// it holds (`min_sag_token`, may be empty).
  [[nodiscard]] Result<void> End(std::string_view mitid_token, std::string_view min_sag_token);
  /// The CSRF token the case list's forms carry for `mitid_token`.
  [[nodiscard]] static std::string CsrfOf(std::string_view mitid_token);

  [[nodiscard]] const CitizenMitidSettings& settings() const { return settings_; }

 private:
  [[nodiscard]] std::string SubjectHash(const IdTokenIdentity& identity) const;
  [[nodiscard]] Result<std::optional<std::string>> SubjectOf(std::string_view mitid_token);
  [[nodiscard]] Result<std::optional<CitizenSession>> OpenCase(const std::string& complaint_id);

  OidcClient client_;
  store::CitizenIdentityStore& identities_;
  store::ComplaintStore& complaints_;
  store::CitizenLinkStore& links_;
  ComplaintFormService& form_;
  MinSagService& min_sag_;
  const WorkflowLabels& labels_;
  const Clock& clock_;
  CitizenMitidSettings settings_;
};

}  // namespace ombudsflow::service
