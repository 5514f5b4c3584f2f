#include "engine/service/newsletter_service.h"

#include <algorithm>

#include <kainjow/mustache.hpp>

#include "engine/core/base/email_address.h"
#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/uuid.h"
#include "engine/core/base/text.h"
#include "engine/core/letters/letter_data.h"
#include "engine/core/workflow/transition.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kMostItems = 30;
constexpr std::size_t kHeadingLength = 200;
constexpr std::size_t kIntroductionLength = 4000;
constexpr std::size_t kItemBodyLength = 20000;
constexpr std::size_t kCaseNumberLength = 40;
constexpr std::size_t kEmailLength = 254;
constexpr std::size_t kMostLists = 20;
constexpr std::size_t kMostThemes = 20;
// The cases a KlarRet edition begins with, at most.
constexpr int kMostEditionCases = 30;
// Where the issue's whole text is kept for the personal-data guard.
constexpr const char* kIssueTextFact = "issue_text";

Error Invalid(const std::string& message, std::vector<FieldViolation> violations = {}) {
  Error error = MakeError(ErrorCode::kInvalidArgument, message);
  error.field_violations = std::move(violations);
  return error;
}

bool MayWorkOnIssues(const Actor& actor) {
  return actor.role == Role::kCaseworker || actor.role == Role::kOmbudsman || actor.role == Role::kDeputy;
}

Error NotStaff() { return MakeError(ErrorCode::kPermissionDenied, "only the office's staff work on the newsletter"); }

// The step that records who wrote in the issue: the one whose action is
// record_actor on `composed_by`, by the rule's name, not the step's.
const v1::Transition* ComposeStep(const v1::WorkflowDefinition& definition, const std::string& state) {
  for (const auto& transition : definition.transition()) {
    if (std::find(transition.from().begin(), transition.from().end(), state) == transition.from().end()) continue;
    for (const auto& action : transition.action()) {
      auto fact = action.arg().find("fact");
      if (action.name() == "record_actor" && fact != action.arg().end() && fact->second == "composed_by") {
        return &transition;
      }
    }
  }
  return nullptr;
}

bool HasAction(const v1::Transition& transition, std::string_view name) {
  return std::any_of(transition.action().begin(), transition.action().end(),
                     [&](const v1::Call& action) { return action.name() == name; });
}

const v1::Transition* Named(const v1::WorkflowDefinition& definition, const std::string& name) {
  for (const auto& transition : definition.transition()) {
    if (transition.name() == name) return &transition;
  }
  return nullptr;
}

std::string IssueText(const std::string& heading, const std::string& introduction,
                      const std::vector<store::NewsletterItem>& items) {
  std::string text = heading + "\n\n" + introduction;
  for (const auto& item : items) text += "\n\n" + item.heading + "\n\n" + item.body;
  return text;
}

// A draft problem in English words, for the API and the log.
std::string ProblemWords(const std::string& key) {
  if (key == "required") return "is required";
  if (key == "too_long") return "is too long";
  if (key == "too_many") return "has too many items (at most 30)";
  if (key == "not_text") return "is not text on the lines it may have";
  if (key == "unknown_case") return "names no case";
  if (key == "not_published") return "names a case without a published statement";
  if (key == "unknown_list") return "names no distribution list";
  if (key == "unknown_kind") return "is not a kind of product";
  if (key == "not_date") return "is not a day (YYYY-MM-DD)";
  if (key == "bad_period") return "is not a period of at most a year";
  if (key == "unknown_theme") return "names no KlarRet theme";
  return key;
}

}  // namespace

struct NewsletterService::Loaded {
  store::StoredIssue issue;
  const v1::WorkflowDefinition* definition = nullptr;
  v1::Complaint as_case;  // the issue as the engine evaluates it
  ReleaseItems items;
  std::vector<std::string> item_case_numbers;
  OfficeState office;

  CaseView View() const {
    return CaseView{.complaint = as_case, .workflow = *definition, .last_event_hash = {}, .notices = CaseNotices{},
                    .office = office, .case_file = CaseFile{}, .items = items};
  }
};

NewsletterService::NewsletterService(store::NewsletterStore& store, store::TransitionStore& cases,
                                     const WorkflowCatalog& workflows, const RuleRegistry& rules,
                                     const HolidayCalendar& calendar, const Clock& clock, IdGenerator& ids,
                                     Mailer* mailer, Options options)
    : store_(store), cases_(cases), workflows_(workflows), rules_(rules), calendar_(calendar), clock_(clock),
      ids_(ids), mailer_(mailer), options_(std::move(options)),
      sign_ups_(options_.sign_ups_per_minute, options_.sign_up_burst) {}

std::string NewsletterService::CsrfOf(std::string_view form_token) {
  return Sha256Hex("ombudsflow newsletter sign-up csrf:" + std::string(form_token));
}

std::optional<std::chrono::seconds> NewsletterService::TakeSignUp(std::string_view address) {
  return sign_ups_.Take(CitizenAddressKey(address), clock_.Now());
}

EngineContext NewsletterService::Context(Timestamp now) const {
  return EngineContext{rules_, calendar_, now, clock_.LocalDate(now), options_.notice_period_days, &clock_};
}

// --- Subscribers -------------------------------------------------------------

Result<void> NewsletterService::SignUp(const std::string& email, const std::string& language,
                                       const std::string& consent_text) {
  const std::string address = AsciiLowercase(email);
  if (address.size() > kEmailLength || !IsMailboxAddress(address)) {
    return std::unexpected(Invalid("not an e-mail address", {{"email", "is not an e-mail address", "not_email"}}));
  }
  const Timestamp now = clock_.Now();
  const std::string token = NewCitizenToken();
  auto signed_up = store_.SignUp(ids_.NewId(), address, consent_text, language, Sha256Hex(token),
                                 now + options_.confirm_valid, NewCitizenToken(), now, options_.remail_after);
  if (!signed_up) return std::unexpected(signed_up.error());
  if (*signed_up != store::SignUpOutcome::kMailConfirmation) return {};
  MailMessage mail = NewsletterConfirmationMail(language, options_.office_name,
                                                options_.public_url + "/nyhedsbrev/bekraeft/" + token,
                                                static_cast<int>(options_.confirm_valid.count()));
  mail.to = address;
  mail.id = "nyhedsbrev-bekraeft-" + ids_.NewId();
  if (mailer_ == nullptr) {
    return std::unexpected(MakeError(ErrorCode::kUnavailable, "no SMTP server is configured (--smtp-url)"));
  }
  return mailer_->Send(mail, now);
}

Result<bool> NewsletterService::Confirm(const std::string& token) {
  if (!IsCitizenToken(token)) return false;
  return store_.Confirm(Sha256Hex(token), clock_.Now());
}

Result<bool> NewsletterService::Subscribed(const std::string& token) {
  if (!IsCitizenToken(token)) return false;
  return store_.IsSubscribed(token);
}

Result<bool> NewsletterService::Unsubscribe(const std::string& token) {
  if (!IsCitizenToken(token)) return false;
  return store_.Unsubscribe(token, clock_.Now());
}

std::string NewsletterService::UnsubscribeUrl(const std::string& token) const {
  return options_.public_url + "/nyhedsbrev/afmeld/" + token;
}

// --- Issues --------------------------------------------------------------------

Result<store::SubscriberCounts> NewsletterService::Counts(const Actor& actor) {
  if (!MayWorkOnIssues(actor) && actor.role != Role::kAdministrator) return std::unexpected(NotStaff());
  return store_.Counts();
}

Result<std::vector<store::StoredIssue>> NewsletterService::Issues(const Actor& actor) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  return store_.Issues(100);
}

Result<std::vector<store::NewsletterCandidate>> NewsletterService::Candidates(const Actor& actor) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  return store_.Candidates(50);
}

Result<store::StoredIssue> NewsletterService::Create(const Actor& actor, const NewProduct& product) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  std::vector<FieldViolation> violations;
  const ProductKind* kind = FindProductKind(product.kind);
  if (kind == nullptr) violations.push_back({"kind", ProblemWords("unknown_kind"), "unknown_kind"});
  if (std::string problem = TextFieldProblem(product.heading, kHeadingLength, true, true); !problem.empty()) {
    violations.push_back({"heading", ProblemWords(problem), problem});
  }
  std::string from;
  std::string to;
  if (kind != nullptr && kind->has_period) {
    // Both days, or neither for this reporting year.
    for (const auto& [field, value] : {std::pair{"period_from", &product.period_from}, {"period_to", &product.period_to}}) {
      if (!value->empty() && (value->size() != 10 || !ParseIsoDate(*value))) {
        violations.push_back({field, ProblemWords("not_date"), "not_date"});
      }
    }
    if (violations.empty()) {
      auto period = ParseReportPeriod(product.period_from, product.period_to, clock_.LocalDate(clock_.Now()),
                                      options_.year_start);
      if (!period || period->to - period->from > std::chrono::days(366)) {
        violations.push_back({"period_to", ProblemWords("bad_period"), "bad_period"});
      } else {
        from = FormatIsoDate(period->from);
        to = FormatIsoDate(period->to);
      }
    }
  }
  if (product.themes.size() > kMostThemes) violations.push_back({"themes", ProblemWords("too_many"), "too_many"});
  for (const std::string& theme : product.themes) {
    if (std::find(options_.theme_ids.begin(), options_.theme_ids.end(), theme) == options_.theme_ids.end()) {
      violations.push_back({"themes", ProblemWords("unknown_theme"), "unknown_theme"});
      break;
    }
  }
  if (!violations.empty()) return std::unexpected(Invalid("the product cannot be begun", std::move(violations)));
  const v1::WorkflowDefinition* definition = workflows_.Newest(std::string(kind->workflow));
  if (definition == nullptr || definition->subject() != kind->subject) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "no " + std::string(kind->workflow) + " workflow of its subject is loaded"));
  }
  const Timestamp now = clock_.Now();
  // The office's template for the kind (the press release's), if it has one.
  std::string introduction;
  if (auto start = options_.starting_texts.find(std::string(kind->kind)); start != options_.starting_texts.end()) {
    kainjow::mustache::mustache text(start->second);
    text.set_custom_escape([](const std::string& value) { return value; });
    kainjow::mustache::data data{kainjow::mustache::data::type::object};
    data.set("office_name", options_.office_name);
    data.set("date", LetterDate(clock_.LocalDate(now), "da"));
    introduction = text.render(data).substr(0, kIntroductionLength);
  }
  // A KlarRet edition begins with the period's cases of its themes.
  std::vector<IssueDraft::Item> items;
  if (!product.themes.empty()) {
    auto cases = store_.ThemeCases(product.themes, from, to, kMostEditionCases);
    if (!cases) return std::unexpected(cases.error());
    for (const store::NewsletterCandidate& found : *cases) {
      items.push_back({.case_number = found.case_number, .carries_statement = true, .heading = {}, .body = {}});
    }
  }
  auto issue = store_.CreateIssue(
      store::NewIssue{.id = ids_.NewId(), .kind = std::string(kind->kind), .workflow = definition->name(),
                      .workflow_version = definition->version(), .state = definition->initial_state(),
                      .heading = product.heading, .introduction = {}, .to_subscribers = kind->to_subscribers,
                      .period_from = from, .period_to = to, .created_by = actor.Id()},
      now);
  if (!issue) return issue;
  // The one who created it wrote it: recorded as the compose step records.
  IssueDraft draft{.heading = product.heading, .introduction = introduction, .items = std::move(items),
                   .to_subscribers = kind->to_subscribers, .list_ids = {}};
  if (auto saved = Save(actor, issue->id, issue->version, draft); !saved) return std::unexpected(saved.error());
  return store_.Issue(issue->id);
}

Result<NewsletterService::Loaded> NewsletterService::Load(const std::string& id, Timestamp now) {
  auto issue = store_.Issue(id);
  if (!issue) return std::unexpected(issue.error());
  Loaded loaded;
  loaded.definition = workflows_.Find(issue->workflow, issue->workflow_version);
  if (loaded.definition == nullptr) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "the issue's workflow " + issue->workflow + " version " +
                                         std::to_string(issue->workflow_version) + " is not loaded"));
  }
  for (const store::NewsletterItem& item : issue->items) {
    if (!item.complaint_id) continue;
    auto stored = cases_.Load(*item.complaint_id);
    if (!stored) return std::unexpected(stored.error());
    loaded.items.push_back(ReleaseItem{std::move(stored->complaint), std::move(stored->notices), item.carried_revision});
    loaded.item_case_numbers.push_back(item.case_number);
  }
  auto office = cases_.Office(now);
  if (!office) return std::unexpected(office.error());
  loaded.office = std::move(*office);
  v1::Complaint& as_case = loaded.as_case;
  as_case.set_id(issue->id);
  const ProductKind* kind = FindProductKind(issue->kind);
  as_case.set_case_number(std::string(kind != nullptr ? kind->public_path : "produkt") + "-" +
                          std::to_string(issue->number));
  as_case.set_workflow(issue->workflow);
  as_case.set_workflow_version(issue->workflow_version);
  as_case.set_state(issue->state);
  as_case.set_version(issue->version);
  *as_case.mutable_facts() = issue->facts;
  loaded.issue = std::move(*issue);
  return loaded;
}

Result<IssueView> NewsletterService::View(const Actor& actor, const std::string& id) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  const EngineContext context = Context(clock_.Now());
  auto loaded = Load(id, context.now);
  if (!loaded) return std::unexpected(loaded.error());
  IssueView view;
  const v1::Transition* compose = ComposeStep(*loaded->definition, loaded->issue.state);
  const v1::ListTransitionsResponse listed = ListTransitions(loaded->View(), context, actor);
  for (const auto& available : listed.transitions()) {
    if (compose != nullptr && available.name() == compose->name()) {
      view.editable = available.allowed();
      continue;
    }
    const v1::Transition* transition = Named(*loaded->definition, available.name());
    IssueStepOption option{.transition = available.name(), .action = {}, .allowed = available.allowed(),
                           .refused_by = available.refused_by()};
    if (transition != nullptr && transition->action_size() > 0) option.action = transition->action(0).name();
    if (transition != nullptr) option.roles.assign(transition->roles().begin(), transition->roles().end());
    view.steps.push_back(std::move(option));
  }
  for (std::size_t i = 0; i < loaded->items.size(); ++i) {
    view.items.push_back({loaded->item_case_numbers[i], ProblemOf(loaded->items[i], "pre_publication", context.today)});
  }
  view.issue = std::move(loaded->issue);
  return view;
}

std::vector<DraftProblem> NewsletterService::Check(const IssueDraft& draft) const {
  std::vector<DraftProblem> problems;
  const auto text = [&](const std::string& field, const std::string& value, std::size_t most, bool one_line,
                        bool required) {
    if (std::string problem = TextFieldProblem(value, most, one_line, required); !problem.empty()) {
      problems.push_back({field, std::move(problem)});
    }
  };
  text("heading", draft.heading, kHeadingLength, true, true);
  text("introduction", draft.introduction, kIntroductionLength, false, false);
  if (draft.items.size() > kMostItems) problems.push_back({"items", "too_many"});
  if (draft.list_ids.size() > kMostLists) problems.push_back({"lists", "too_many"});
  for (const std::string& list : draft.list_ids) {
    if (!IsUuid(list)) {
      problems.push_back({"lists", "unknown_list"});
      break;
    }
  }
  for (std::size_t i = 0; i < draft.items.size() && i < kMostItems; ++i) {
    const IssueDraft::Item& item = draft.items[i];
    const std::string at = "items." + std::to_string(i) + ".";
    text(at + "case_number", item.case_number, kCaseNumberLength, true, item.carries_statement);
    if (!item.carries_statement) {
      text(at + "heading", item.heading, kHeadingLength, true, true);
      text(at + "body", item.body, kItemBodyLength, false, true);
    }
  }
  return problems;
}

Result<void> NewsletterService::Save(const Actor& actor, const std::string& id, std::uint32_t expected_version,
                                     const IssueDraft& draft) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  std::vector<DraftProblem> problems = Check(draft);
  std::vector<store::NewsletterItem> items;
  for (std::size_t i = 0; problems.empty() && i < draft.items.size(); ++i) {
    const IssueDraft::Item& item = draft.items[i];
    store::NewsletterItem stored{.complaint_id = {}, .carried_revision = {}, .heading = item.heading, .body = item.body};
    if (!item.case_number.empty()) {
      auto found = store_.CaseByNumber(item.case_number);
      if (!found) return std::unexpected(found.error());
      if (!*found) {
        problems.push_back({"items." + std::to_string(i) + ".case_number", "unknown_case"});
        continue;
      }
      stored.complaint_id = (*found)->complaint_id;
      if (item.carries_statement) {
        if (!(*found)->published) {
          problems.push_back({"items." + std::to_string(i) + ".case_number", "not_published"});
          continue;
        }
        stored.heading = (*found)->title;
        stored.body = (*found)->body;
        stored.carried_revision = (*found)->revision;
      }
    }
    items.push_back(std::move(stored));
  }
  if (!problems.empty()) {
    std::vector<FieldViolation> violations;
    for (const DraftProblem& problem : problems) violations.push_back({problem.field, ProblemWords(problem.key), problem.key});
    return std::unexpected(Invalid("the issue cannot be kept as written", std::move(violations)));
  }
  const EngineContext context = Context(clock_.Now());
  auto loaded = Load(id, context.now);
  if (!loaded) return std::unexpected(loaded.error());
  const v1::Transition* compose = ComposeStep(*loaded->definition, loaded->issue.state);
  if (compose == nullptr) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the issue can no longer be changed"));
  }
  v1::TransitionRequest request;
  request.set_name(compose->name());
  request.set_expected_version(expected_version);
  auto outcome = EvaluateTransition(loaded->View(), context, actor, request);
  if (!outcome) return std::unexpected(outcome.error());
  google::protobuf::Struct facts = outcome->after.facts();
  (*facts.mutable_fields())[kIssueTextFact].set_string_value(IssueText(draft.heading, draft.introduction, items));
  const store::IssueStep step{.transition = compose->name(), .from_state = loaded->issue.state,
                              .to_state = outcome->after.state(), .facts = std::move(facts), .actor = actor.Id(),
                              .at = context.now};
  return store_.SaveContent(id, expected_version, draft.heading, draft.introduction, items, draft.to_subscribers,
                            draft.list_ids, step);
}

Result<void> NewsletterService::Take(const Actor& actor, const std::string& id, std::uint32_t expected_version,
                                     const std::string& transition) {
  if (!MayWorkOnIssues(actor)) return std::unexpected(NotStaff());
  const EngineContext context = Context(clock_.Now());
  auto loaded = Load(id, context.now);
  if (!loaded) return std::unexpected(loaded.error());
  const v1::Transition* step = Named(*loaded->definition, transition);
  const v1::Transition* compose = ComposeStep(*loaded->definition, loaded->issue.state);
  if (step == nullptr || (compose != nullptr && compose->name() == transition)) {
    return std::unexpected(MakeError(ErrorCode::kNotFound, "no step '" + transition + "' for a newsletter issue"));
  }
  v1::TransitionRequest request;
  request.set_name(transition);
  request.set_expected_version(expected_version);
  auto outcome = EvaluateTransition(loaded->View(), context, actor, request);
  if (!outcome) return std::unexpected(outcome.error());
  store::IssueStep written{.transition = transition, .from_state = loaded->issue.state,
                           .to_state = outcome->after.state(), .facts = outcome->after.facts(), .actor = actor.Id(),
                           .at = context.now};
  // What the guards read must hold when the step is written.
  for (const ReleaseItem& item : loaded->items) {
    written.case_versions[item.complaint.id()] = item.complaint.version();
  }
  // A step whose guards read the office's state (the hold, the
  // delegations) re-reads the hold as it is written.
  written.requires_no_hold = GuardReads(*loaded->definition, rules_, loaded->issue.state, transition).office;
  written.releases = HasAction(*step, "release");
  const ProductKind* kind = FindProductKind(loaded->issue.kind);
  if (written.releases && kind != nullptr && kind->has_document) {
    if (!document_of_) {
      return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "no document templates are loaded"));
    }
    auto document = document_of_(actor, loaded->issue, ContentOf(loaded->issue));
    if (!document) return std::unexpected(document.error());
    written.document_html = std::move(*document);
  }
  if (auto applied = store_.ApplyStep(id, expected_version, written); !applied) return applied;
  if (written.releases && released_) released_();
  return {};
}

Result<store::StoredIssue> NewsletterService::Released(const std::string& kind, int number) {
  return store_.ReleasedIssue(kind, number);
}

Result<std::optional<std::string>> NewsletterService::DocumentPdf(const store::StoredIssue& issue) {
  return store_.DocumentPdf(issue.id);
}

Result<std::vector<store::StoredIssue>> NewsletterService::ReleasedIssues(int limit, const std::string& kind) {
  return store_.ReleasedIssues(limit, kind);
}

NewsletterContent NewsletterService::ContentOf(const store::StoredIssue& issue) const {
  NewsletterContent content;
  content.number = issue.number;
  content.heading = issue.heading;
  content.introduction = issue.introduction;
  for (const auto& item : issue.items) content.items.push_back({item.heading, item.body});
  content.date = LetterDate(clock_.LocalDate(issue.released_at.value_or(clock_.Now())), "da");
  content.office_name = options_.office_name;
  content.web_url = IssueUrl(issue);
  if (const ProductKind* kind = FindProductKind(issue.kind); kind != nullptr) {
    content.title = ProductTitle(*kind, issue.number, issue.period_from);
    content.kind_name = std::string(kind->name_da);
    if (kind->has_document && issue.has_pdf) content.pdf_url = content.web_url + "/pdf";
  }
  return content;
}

std::string NewsletterService::IssueUrl(const store::StoredIssue& issue) const {
  const ProductKind* kind = FindProductKind(issue.kind);
  return options_.public_url + "/" + std::string(kind != nullptr ? kind->public_path : "nyhedsbrev") + "/" +
         std::to_string(issue.number);
}

MailMessage NewsletterConfirmationMail(const std::string& language, const std::string& office_name,
                                       const std::string& link, int valid_hours) {
  MailMessage mail;
  const std::string hours = std::to_string(valid_hours);
  if (language == "en") {
    mail.subject = "Confirm your subscription to the newsletter from " + office_name;
    mail.text = "Someone, probably you, asked to receive the newsletter from " + office_name +
                " at this address.\n\nConfirm here:\n" + link + "\n\nThe link works for " + hours +
                " hours. If you did not ask for it, do nothing: you will not hear from us again.\n";
  } else if (language == "da-easy") {
    mail.subject = "Sig ja til nyhedsbrevet fra " + office_name;
    mail.text = "Du har bedt om at få nyhedsbrevet fra " + office_name + ".\n\nTryk på linket for at sige ja:\n" +
                link + "\n\nLinket virker i " + hours +
                " timer.\nHar du ikke bedt om det? Så skal du ikke gøre noget.\n";
  } else {
    mail.subject = "Bekræft dit abonnement på nyhedsbrevet fra " + office_name;
    mail.text = "Nogen, sandsynligvis dig, har bedt om at få nyhedsbrevet fra " + office_name +
                " på denne adresse.\n\nBekræft her:\n" + link + "\n\nLinket virker i " + hours +
                " timer. Har du ikke bedt om det, skal du ikke gøre noget: du hører ikke fra os igen.\n";
  }
  return mail;
}

}  // namespace ombudsflow::service
