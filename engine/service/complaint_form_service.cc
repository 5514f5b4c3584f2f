#include "engine/service/complaint_form_service.h"

#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
namespace {

// Where a refusal of the intake's belongs in the form: its step and field.
std::optional<std::pair<FormStep, std::string>> FormPlaceOf(std::string_view intake_field) {
  static const std::pair<std::string_view, std::pair<FormStep, std::string_view>> kPlaces[] = {
      {"department", {FormStep::kDepartment, "department"}},
      {"subject", {FormStep::kWhatHappened, "subject"}},
      {"description", {FormStep::kWhatHappened, "what_happened"}},
      {"complainant", {FormStep::kAboutYou, "email"}},
      {"complainant.name", {FormStep::kAboutYou, "name"}},
      {"complainant.email", {FormStep::kAboutYou, "email"}},
      {"complainant.phone", {FormStep::kAboutYou, "phone"}},
      {"complainant.postal_address", {FormStep::kAboutYou, "postal_address"}},
      {"complainant.interpreter_language", {FormStep::kNeeds, "interpreter_language"}},
  };
  for (const auto& [field, place] : kPlaces) {
    if (field == intake_field) return std::pair{place.first, std::string(place.second)};
  }
  return std::nullopt;
}

}  // namespace

ComplaintFormService::ComplaintFormService(store::ComplaintFormStore& store, store::CitizenIdentityStore& identities,
                                           ComplaintFormFiles& files, ComplaintService& complaints,
                                           OfficeService& office, const LetterService* letters,
                                           const WorkflowCatalog& workflows, const Clock& clock,
                                           ComplaintFormSettings settings)
    : store_(store),
      identities_(identities),
      files_(files),
      complaints_(complaints),
      office_(office),
      letters_(letters),
      workflows_(workflows),
      clock_(clock),
      settings_(settings),
      posts_(settings.posts_per_minute, settings.posts_burst),
      uploads_(settings.uploads_per_minute, settings.uploads_burst),
      sends_(settings.sends_per_minute, settings.sends_burst) {}

std::string ComplaintFormService::NewToken() { return NewCitizenToken(); }

bool ComplaintFormService::IsToken(std::string_view token) { return IsCitizenToken(token); }

std::string ComplaintFormService::CsrfOf(std::string_view token) {
  return Sha256Hex("ombudsflow complaint form csrf:" + std::string(token));
}

bool ComplaintFormService::GuidesToDialogue() const {
  const v1::WorkflowDefinition* newest = workflows_.Newest(WorkflowOf(CaseKind::kComplaint));
  return newest != nullptr && DialogueQuestion(*newest) != nullptr;
}

Result<std::optional<store::ComplaintFormDraft>> ComplaintFormService::Draft(std::string_view token) {
  if (!IsToken(token)) return std::optional<store::ComplaintFormDraft>();
  return store_.Find(Sha256Hex(token), clock_.Now());
}

Result<FormStepOutcome> ComplaintFormService::Answer(std::string_view token, FormStep step,
                                                     const FormFieldLookup& fields, std::string_view language) {
  if (!IsToken(token)) return std::unexpected(InvalidArgument("the complaint form's token is malformed"));
  auto departments = office_.Departments();
  if (!departments) return std::unexpected(departments.error());
  std::set<std::string, std::less<>> codes;
  for (const store::Department& department : *departments) codes.insert(department.code);
  auto found = Draft(token);
  if (!found) return std::unexpected(found.error());
  FormStepOutcome outcome;
  if (*found && (*found)->complaint_id.empty()) outcome.answers = std::move((*found)->answers);
  outcome.errors = ApplyFormStep(step, fields, codes, outcome.answers);
  outcome.answers.set_language(std::string(language));
  outcome.token = NewToken();
  const Timestamp now = clock_.Now();
  if (auto saved = store_.Save(Sha256Hex(token), Sha256Hex(outcome.token), WithinLimits(outcome.answers), now,
                               now + settings_.lifetime, settings_.max_drafts);
      !saved) {
    return std::unexpected(saved.error());
  }
  return outcome;
}

Result<FormSending> ComplaintFormService::Send(std::string_view token, std::string_view honeypot,
                                               std::string_view address, std::string_view wish_heading) {
  auto found = Draft(token);
  if (!found) return std::unexpected(found.error());
  FormSending sending;
  if (!*found) {
    sending.refused = FormRefusal::kIncomplete;
    sending.step = FormStep::kDepartment;
    return sending;
  }
  sending.draft = std::move(**found);
  if (!sending.draft.complaint_id.empty()) return sending;  // sent before: its receipt
  const Timestamp now = clock_.Now();
  if (auto refused = CheckSending(sending.draft.answers, honeypot, sending.draft.started_at, now,
                                  settings_.minimum_fill)) {
    sending.refused = refused;
    sending.step = FirstUnanswered(sending.draft.answers);
    return sending;
  }
  if (!sending.draft.answers.email().empty()) {
    auto sent = store_.SentTo(sending.draft.answers.email(), now - std::chrono::hours(24));
    if (!sent) return std::unexpected(sent.error());
    if (*sent >= settings_.sends_per_email_per_day) {
      sending.email_limited = true;
      return sending;
    }
  }
  // Only a sending that would register counts against its address: a
  // robot's refused ones, or a neighbour's on a shared address, do not.
  if (const auto wait = sends_.Take(CitizenAddressKey(address), now)) {
    sending.retry_after = wait;
    return sending;
  }
  const v1::ComplaintFormAnswers& answers = sending.draft.answers;
  const v1::WorkflowDefinition* newest = workflows_.Newest(WorkflowOf(CaseKind::kComplaint));
  const v1::InputField* question = newest == nullptr ? nullptr : DialogueQuestion(*newest);
  v1::CreateComplaintRequest request = ComplaintOfForm(answers, LetterLanguageOf(answers.language()), wish_heading);
  if (answers.language() == "da-easy") {
    request.mutable_complainant()->set_easy_read(true);
    request.mutable_complainant()->set_needs_accessible_format(true);
  }
  auto registered = complaints_.RegisterFromCitizen(
      request, sending.draft.case_id, InitialFactsOfForm(answers, question == nullptr ? "" : question->name()));
  if (!registered) {
    if (registered.error().code != ErrorCode::kInvalidArgument) return std::unexpected(registered.error());
    // What the intake refuses is the citizen's to mend, at its question:
    // the first question refused, with what is wrong there.
    std::vector<std::pair<FormStep, FormFieldError>> placed;
    for (const FieldViolation& violation : registered.error().field_violations) {
      if (const auto place = FormPlaceOf(violation.field)) {
        placed.push_back({place->first, {place->second, violation.reason.empty() ? "invalid" : violation.reason}});
      }
    }
    if (placed.empty()) return std::unexpected(registered.error());
    sending.step = std::min_element(placed.begin(), placed.end(), [](const auto& a, const auto& b) {
                     return static_cast<int>(a.first) < static_cast<int>(b.first);
                   })->first;
    for (auto& [step, error] : placed) {
      if (step == *sending.step) sending.errors.push_back(std::move(error));
    }
    sending.refused = FormRefusal::kIncomplete;
    return sending;
  }
  const v1::Complaint& complaint = registered->complaint;
  // Before the draft is marked sent: should this fail, the citizen's
  // second sending finds the case and links it then.
  if (!answers.mitid_subject_hash().empty()) {
    if (auto linked = identities_.Link(complaint.id(), answers.mitid_subject_hash(), now); !linked) {
      return std::unexpected(linked.error());
    }
  }
  // The documents step's files become the case's, once each.
  if (auto moved = files_.MoveToCase(sending.draft.case_id, complaint.id()); !moved) {
    return std::unexpected(moved.error());
  }
  const std::string reply_by =
      letters_ == nullptr ? std::string() : FormatIsoDate(letters_->ReplyBy(clock_.LocalDate(now)));
  // A second sending at the same moment marks nothing: it registered
  // nothing either (the same case id), and shows the same receipt.
  if (auto marked = store_.MarkSent(sending.draft.key_hash, complaint.id(), complaint.case_number(), reply_by);
      !marked) {
    return std::unexpected(marked.error());
  }
  // A file added from another tab while the others moved: the draft now
  // takes none, so this moves the last of them.
  if (auto moved = files_.MoveToCase(sending.draft.case_id, complaint.id()); !moved) {
    return std::unexpected(moved.error());
  }
  sending.draft.answers.Clear();
  sending.draft.complaint_id = complaint.id();
  sending.draft.case_number = complaint.case_number();
  sending.draft.reply_by = reply_by;
  return sending;
}

std::optional<std::chrono::seconds> ComplaintFormService::TakePost(std::string_view address) {
  return posts_.Take(CitizenAddressKey(address), clock_.Now());
}

std::optional<std::chrono::seconds> ComplaintFormService::TakeUpload(std::string_view address) {
  return uploads_.Take(CitizenAddressKey(address), clock_.Now());
}

Result<std::optional<std::string>> ComplaintFormService::SignedInWithMitid(const std::string& key_hash,
                                                                           const std::string& subject_hash,
                                                                           std::string_view name) {
  const Timestamp now = clock_.Now();
  // The name as MitID gives it, within the name's limit; never a text the
  // form could not show again.
  const std::string given = IsFormText(name, false) ? std::string(Utf8Prefix(Trimmed(name), 200)) : std::string();
  const std::string token = NewToken();
  auto changed = store_.Change(
      key_hash, Sha256Hex(token),
      [&](v1::ComplaintFormAnswers& answers) {
        answers.set_mitid_subject_hash(subject_hash);
        answers.set_mitid_name(given);
        if (Trimmed(answers.name()).empty()) answers.set_name(given);
      },
      now, now + settings_.lifetime);
  if (!changed) return std::unexpected(changed.error());
  if (!*changed) return std::optional<std::string>();
  return std::optional<std::string>(token);
}

Result<void> ComplaintFormService::StartOver(std::string_view token) {
  if (!IsToken(token)) return {};
  auto draft = store_.Find(Sha256Hex(token), clock_.Now());
  if (!draft) return std::unexpected(draft.error());
  if (*draft && (*draft)->complaint_id.empty()) {
    auto files = files_.Of((*draft)->case_id);
    if (!files) return std::unexpected(files.error());
    for (const store::StagedFile& file : *files) {
      if (auto removed = files_.Remove(token, file.id); !removed) return std::unexpected(removed.error());
    }
  }
  return store_.DeleteUnsent(Sha256Hex(token));
}

Result<bool> ComplaintFormService::PurgeExpired() {
  constexpr int kBatch = 1000;
  // The files first: a draft goes once it has none.
  auto more_files = files_.PurgeExpired();
  if (!more_files) return std::unexpected(more_files.error());
  if (*more_files) return true;
  auto purged = store_.PurgeExpired(clock_.Now(), kBatch);
  if (!purged) return std::unexpected(purged.error());
  return *purged == kBatch;
}

}  // namespace ombudsflow::service
