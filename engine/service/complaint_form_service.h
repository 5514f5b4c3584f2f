#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/citizens/complaint_form.h"
#include "engine/service/complaint_form_files.h"
#include "engine/service/complaint_service.h"
#include "engine/service/letter_service.h"
#include "engine/service/office_service.h"
#include "engine/service/rate_limiter.h"
#include "engine/store/citizen_identity_store.h"
#include "engine/store/complaint_form_store.h"

namespace ombudsflow::service {

struct ComplaintFormSettings {
  // Sent sooner after the form was started than this, it is refused: no
  // person reads and answers five pages in less.
  std::chrono::seconds minimum_fill{20};
  // How long a draft keeps its answers after its last change.
  std::chrono::hours lifetime{24};
  // Posts of the form's pages from one address, a minute and at once.
  int posts_per_minute = 30;
  int posts_burst = 60;
  // Documents added to forms from one address, a minute and at once:
  // counted before a body is read, so one address cannot fill the forms'
  // space (store::StagedFileLimits) or the spool faster than this.
  int uploads_per_minute = 4;
  int uploads_burst = 12;
  // Complaints sent from one address, a minute and at once.
  int sends_per_minute = 1;
  int sends_burst = 5;
  // Complaints sent to one e-mail address in 24 hours: each is acknowledged
  // there, and nobody checked the address is the sender's.
  int sends_per_email_per_day = 3;
  // Drafts kept at once; beyond it no new one starts (503), so a flood of
  // first pages ends at the cap, not at the disk's end.
  long long max_drafts = 100'000;
};

/// What became of a page's answers.
struct FormStepOutcome {
  v1::ComplaintFormAnswers answers;    // as typed, to show again
  std::vector<FormFieldError> errors;  // none: the step is answered
  std::string token;                   // the draft's new token, for the cookie
};

/// What became of sending the form.
struct FormSending {
  // Set when nothing was registered: why, and for kIncomplete the question
  // to answer (with what is wrong with it, when registration said so).
  std::optional<FormRefusal> refused;
  // Set instead when the address has sent its share: wait this long.
  std::optional<std::chrono::seconds> retry_after;
  // Set instead when the e-mail address has been sent its share today.
  bool email_limited = false;
  std::optional<FormStep> step;
  std::vector<FormFieldError> errors;
  store::ComplaintFormDraft draft;  // as it now stands (sent: the receipt's)
};

/// The public complaint form: drafts kept between pages under a token only
/// the citizen's browser holds, its abuse limits, and the registration of
/// the complaint it amounts to. No rule of its own: the questions and their
/// checks are the core's (engine/core/citizens/complaint_form.h), the
/// complaint's intake the ComplaintService's.
class ComplaintFormService {
 public:
  ComplaintFormService(store::ComplaintFormStore& store, store::CitizenIdentityStore& identities,
                       ComplaintFormFiles& files, ComplaintService& complaints, OfficeService& office,
                       const LetterService* letters, const WorkflowCatalog& workflows, const Clock& clock,
                       ComplaintFormSettings settings);

  /// A new draft token: 256 random bits, as 64 hex digits.
  [[nodiscard]] static std::string NewToken();
  /// Whether `token` has a token's form (before it is looked up).
  [[nodiscard]] static bool IsToken(std::string_view token);
  /// The form's own CSRF token for the draft `token`: its pages carry it,
  /// and another site, which cannot read the cookie, cannot make it.
  [[nodiscard]] static std::string CsrfOf(std::string_view token);

  /// The draft `token` names, unless it has expired; none for a token
  /// that names nothing.
  [[nodiscard]] Result<std::optional<store::ComplaintFormDraft>> Draft(std::string_view token);

  /// Reads a question's page into the draft (started now when `token`
  /// names none) and keeps it, answered or not, so a return finds it; no
  /// text beyond its field's limit is kept. The draft moves to a new token
  /// (FormStepOutcome::token): one planted in a browser by someone else
  /// names nothing once the citizen has answered a page.
  /// `language`: the form's, kept with the answers.
  [[nodiscard]] Result<FormStepOutcome> Answer(std::string_view token, FormStep step, const FormFieldLookup& fields,
                                               std::string_view language);

  /// Sends the draft: checks it as CheckSending does, then takes one of
  /// `address`'s sendings, registers the complaint once however often it is
  /// sent, and keeps only the receipt. `wish_heading`: how the description
  /// introduces what the citizen wants.
  [[nodiscard]] Result<FormSending> Send(std::string_view token, std::string_view honeypot,
                                         std::string_view address, std::string_view wish_heading);

  /// The citizen signed in with MitID while filling in the draft whose
  /// key hash is `key_hash`: the case it becomes will be theirs
  /// (`subject_hash`), and `name` is the name asked for unless one was
  /// typed. The draft moves to a new token, returned for the cookie: a
  /// token planted in the browser before names nothing that carries the
  /// person's identity. nullopt when the draft has expired, was sent, or
  /// moved on meanwhile.
  [[nodiscard]] Result<std::optional<std::string>> SignedInWithMitid(const std::string& key_hash,
                                                                     const std::string& subject_hash,
                                                                     std::string_view name);

  /// The draft's documents (the documents step).
  [[nodiscard]] ComplaintFormFiles& files() { return files_; }

  /// Forgets the draft `token` names unless it was sent, and its files: a
  /// new complaint.
  [[nodiscard]] Result<void> StartOver(std::string_view token);

  /// Deletes the drafts that have expired (the server's job, every few
  /// minutes); whether more are due.
  [[nodiscard]] Result<bool> PurgeExpired();

  /// Per-address limit on posting a page: nullopt when `address` may now,
  /// else how long until it may. An IPv6 address counts by its /64, which
  /// one household or client holds whole.
  [[nodiscard]] std::optional<std::chrono::seconds> TakePost(std::string_view address);
  /// Per-address limit on adding a document, as TakePost.
  [[nodiscard]] std::optional<std::chrono::seconds> TakeUpload(std::string_view address);

  /// The departments a citizen chooses among.
  [[nodiscard]] Result<std::vector<store::Department>> Departments() { return office_.Departments(); }
  /// The office, as its letters name it: the form's contact details.
  [[nodiscard]] const LetterOffice* Office() const { return letters_ == nullptr ? nullptr : &letters_->Office(); }
  /// Whether the newest complaint definition guides to dialogue first.
  [[nodiscard]] bool GuidesToDialogue() const;
  [[nodiscard]] const ComplaintFormSettings& settings() const { return settings_; }

 private:
  store::ComplaintFormStore& store_;
  store::CitizenIdentityStore& identities_;
  ComplaintFormFiles& files_;
  ComplaintService& complaints_;
  OfficeService& office_;
  const LetterService* letters_;
  const WorkflowCatalog& workflows_;
  const Clock& clock_;
  ComplaintFormSettings settings_;
  RateLimiter posts_;
  RateLimiter uploads_;
  RateLimiter sends_;
};

}  // namespace ombudsflow::service
