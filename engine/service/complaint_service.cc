#include "engine/service/complaint_service.h"

#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/policy/view.h"
#include "engine/core/rules/hotline_conversion.h"
#include "engine/core/rules/intake.h"
#include "engine/store/list_query.h"

namespace ombudsflow::service {

ComplaintService::ComplaintService(store::ComplaintStore& store, const WorkflowCatalog& workflows,
                                   const Clock& clock, IdGenerator& ids, CaseCache* cache,
                                   const LetterService* letters, const HolidayCalendar* calendar)
    : store_(store), workflows_(workflows), clock_(clock), ids_(ids), cache_(cache), letters_(letters),
      calendar_(calendar) {}

store::ComplaintStore::Acknowledgement ComplaintService::AcknowledgementFor(CaseKind kind, const Actor& actor,
                                                                           const std::string& department) const {
  // A complaint is acknowledged; an investigation has no complainant, and a
  // hotline contact's caller may be anonymous.
  if (letters_ == nullptr || kind != CaseKind::kComplaint) return {};
  // Looked up now: the acknowledgement renders while the insert holds a
  // connection, and asking the pool for a second one there could wait on
  // every other intake doing the same.
  auto looked_up = letters_->DepartmentName(department);
  if (!looked_up) {
    // The intake fails with it: never a complaint acknowledged without
    // saying which department it is about.
    return [error = looked_up.error()](const v1::Complaint&) -> Result<Letter> { return std::unexpected(error); };
  }
  return [this, &actor, department_name = std::move(*looked_up)](const v1::Complaint& complaint) -> Result<Letter> {
    Letter letter{.template_name = "acknowledgement"};
    const Timestamp now = clock_.Now();
    // A citizen's own form is acknowledged in the office's name.
    const std::string signer = actor.role == Role::kSystem ? std::string() : actor.name;
    if (auto rendered =
            letters_->Render(complaint, letter, signer, clock_.LocalDate(now), std::nullopt, department_name);
        !rendered) {
      return std::unexpected(rendered.error());
    }
    return letter;
  };
}

Registration ComplaintService::Opened(v1::Complaint complaint, const std::string& chain_head) {
  if (cache_ == nullptr) return Registration{std::move(complaint), true};
  auto opened = std::make_shared<const CaseAtVersion>(CaseAtVersion{std::move(complaint), chain_head});
  cache_->Remember(opened);
  return Registration{opened->complaint, true};
}

Result<Registration> ComplaintService::Register(const Actor& actor,
                                                const v1::CreateComplaintRequest& request,
                                                const std::string& idempotency_key) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return Open(CaseKind::kComplaint, actor, request, idempotency_key);
}

Result<Registration> ComplaintService::RegisterInvestigation(
    const Actor& actor, const v1::CreateInvestigationRequest& request,
    const std::string& idempotency_key) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return Open(CaseKind::kOwnInitiative, actor, IntakeOf(request), idempotency_key);
}

Result<Registration> ComplaintService::RegisterHotlineContact(
    const Actor& actor, const v1::CreateHotlineContactRequest& request,
    const std::string& idempotency_key) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  return Open(CaseKind::kHotlineContact, actor, IntakeOf(request), idempotency_key);
}

void ComplaintService::WithCalendar(IntakeContext& context) const {
  context.calendar = calendar_;
  context.today = clock_.LocalDate(context.now);
}

Result<Registration> ComplaintService::Open(CaseKind kind, const Actor& actor,
                                            const v1::CreateComplaintRequest& request,
                                            const std::string& idempotency_key) {
  const v1::WorkflowDefinition* workflow = workflows_.Newest(WorkflowOf(kind));
  if (workflow == nullptr) {
    return std::unexpected(Internal("no '" + std::string(WorkflowOf(kind)) + "' workflow is loaded"));
  }
  IntakeContext context{kind, actor, *workflow, clock_.Now(), ids_.NewId(), idempotency_key};
  WithCalendar(context);
  auto prepared = PrepareIntake(context, request);
  if (!prepared) return std::unexpected(prepared.error());

  auto stored = store_.Insert(*prepared, AcknowledgementFor(kind, actor, prepared->intake.department()));
  if (stored) return Opened(std::move(*stored), prepared->registered_event.hash);
  if (stored.error().code == ErrorCode::kAlreadyExists) {
    return Replay(actor, idempotency_key, prepared->request_fingerprint);
  }
  return std::unexpected(stored.error());
}

Result<Registration> ComplaintService::RegisterConversion(const Actor& actor, const v1::Complaint& hotline,
                                                          const v1::CreateComplaintRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  const v1::WorkflowDefinition* workflow = workflows_.Newest(WorkflowOf(CaseKind::kComplaint));
  if (workflow == nullptr) return std::unexpected(Internal("no 'complaint' workflow is loaded"));
  IntakeContext context{CaseKind::kComplaint, actor, *workflow, clock_.Now(),
                        ConvertedComplaintId(hotline.id()), "", hotline.id()};
  WithCalendar(context);
  auto prepared = PrepareIntake(context, ConversionIntake(hotline, request));
  if (!prepared) return std::unexpected(prepared.error());
  auto stored = store_.Insert(*prepared, AcknowledgementFor(CaseKind::kComplaint, actor, prepared->intake.department()));
  if (stored) return Opened(std::move(*stored), prepared->registered_event.hash);
  if (stored.error().code != ErrorCode::kAlreadyExists) return std::unexpected(stored.error());
  auto existing = store_.Find(prepared->id);  // converted before: the same complaint
  if (!existing) return std::unexpected(existing.error());
  return Registration{std::move(*existing), false};
}

Result<Registration> ComplaintService::RegisterFromCitizen(const v1::CreateComplaintRequest& request,
                                                          const std::string& case_id,
                                                          google::protobuf::Struct facts, CaseKind kind) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  const v1::WorkflowDefinition* workflow = workflows_.Newest(WorkflowOf(kind));
  if (workflow == nullptr) {
    return std::unexpected(Internal("no '" + std::string(WorkflowOf(kind)) + "' workflow is loaded"));
  }
  const Actor citizen = CitizenActor();
  IntakeContext context{.kind = kind,
                        .actor = citizen,
                        .workflow = *workflow,
                        .now = clock_.Now(),
                        .id = case_id,
                        .idempotency_key = "",
                        .from_citizen = true,
                        .facts = std::move(facts)};
  WithCalendar(context);
  auto prepared = PrepareIntake(context, request);
  if (!prepared) return std::unexpected(prepared.error());
  auto stored = store_.Insert(*prepared, AcknowledgementFor(kind, citizen, prepared->intake.department()));
  if (stored) return Opened(std::move(*stored), prepared->registered_event.hash);
  if (stored.error().code != ErrorCode::kAlreadyExists) return std::unexpected(stored.error());
  auto existing = store_.Find(prepared->id);  // sent before: the same case
  if (!existing) return std::unexpected(existing.error());
  return Registration{std::move(*existing), false};
}

Result<Registration> ComplaintService::Replay(const Actor& actor,
                                              const std::string& idempotency_key,
                                              const std::string& fingerprint) {
  auto original = store_.FindByIdempotencyKey(IdempotencyOwner(actor), idempotency_key);
  if (!original) return std::unexpected(original.error());
  if (!original->has_value()) {
    return std::unexpected(Internal("an idempotency key conflicted but its complaint is gone"));
  }
  if ((*original)->request_fingerprint != fingerprint) {
    return std::unexpected(MakeError(
        ErrorCode::kFailedPrecondition,
        "this Idempotency-Key was already used for a different complaint; use a new key"));
  }
  return Registration{std::move((*original)->complaint), false};
}

Result<v1::Complaint> ComplaintService::Get(const Actor& actor, const std::string& id) {
  return store_.Find(id);
}

Result<std::optional<std::string>> ComplaintService::IdOfCaseNumber(const Actor& /*actor*/, std::string_view typed) {
  const auto first = typed.find_first_not_of(" \t");
  const auto last = typed.find_last_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  std::string number(typed.substr(first, last - first + 1));
  // A case number is one word with a digit: anything else is words to search.
  if (number.size() > 40 || number.find_first_of(" \t") != std::string::npos ||
      number.find_first_of("0123456789") == std::string::npos) {
    return std::nullopt;
  }
  for (char& c : number) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return store_.IdOfCaseNumber(number);
}

Result<Listed<v1::ListComplaintsResponse>> ComplaintService::List(const Actor& actor, ComplaintQuery query) {
  query.now = clock_.Now();
  // Words are found only by those who may read them: the description, the
  // complainant's name and the department's answer are the office's.
  query.search_office_words = AudienceOf(&actor) == Audience::kOffice;
  auto page = store_.List(query);
  if (!page) return std::unexpected(page.error());
  Listed<v1::ListComplaintsResponse> listed{{}, page->next};
  for (auto& complaint : page->complaints) *listed.page.add_complaints() = std::move(complaint);
  return listed;
}

Result<long long> ComplaintService::Count(const Actor& /*actor*/, ComplaintQuery query) {
  query.now = clock_.Now();
  return store_.Count(query);
}

Result<std::vector<long long>> ComplaintService::Counts(const Actor& /*actor*/, std::vector<ComplaintQuery> queries) {
  for (ComplaintQuery& query : queries) query.now = clock_.Now();
  return store_.Counts(queries);
}

}  // namespace ombudsflow::service
