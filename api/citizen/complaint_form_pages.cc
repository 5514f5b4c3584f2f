// The public complaint form: /klage (and /en/complain), one question a
// page, then the answers to check, then the receipt. No JavaScript; the
// answers wait in a draft the citizen's cookie names, so a page reloaded,
// a step gone back to or a form resumed the next morning keeps them.
#include <openssl/crypto.h>

#include "api/citizen/citizen_door.h"
#include "api/cookies.h"
#include "api/handlers/case_document_handlers.h"
#include "api/web/form.h"
#include "api/web/workplace.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/language_name.h"

namespace ombudsflow::api::citizen {
namespace {

using service::ComplaintFormService;
using Answers = v1::ComplaintFormAnswers;

constexpr std::string_view kFormPath = "/klage";
constexpr std::chrono::seconds kLanguageCookieAge{365 * 24 * 3600};

std::string StepPath(FormStep step) { return std::string(kFormPath) + "/" + std::string(FormStepSlug(step)); }

// The page after `step` is answered: the next question, or the check page.
std::string NextPath(FormStep step, bool from_check) {
  if (from_check || step == FormStep::kNeeds) return StepPath(FormStep::kCheck);
  return StepPath(static_cast<FormStep>(static_cast<std::uint32_t>(step) + 1));
}

// A "YYYY-MM-DD" date written out in the page's language.
std::string WrittenDate(const CitizenTexts& texts, std::string_view language, std::string_view iso) {
  const auto date = ParseIsoDate(iso);
  if (!date) return std::string(iso);
  return citizen::WrittenDate(texts, language, *date);
}

// A file's size as a person reads it: "340 kB", "1,2 MB" (a decimal
// comma but in English).
std::string SizeText(std::uint64_t bytes, std::string_view language) {
  if (bytes < 1024 * 1024) return std::to_string(std::max<std::uint64_t>(1, (bytes + 1023) / 1024)) + " kB";
  const std::uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  return std::to_string(tenths / 10) + (language == "en" ? "." : ",") + std::to_string(tenths % 10) + " MB";
}

// The citizen's draft: the cookie's token and the draft it names (none
// yet, or sent), or a new token for the response to set.
struct FormSession {
  std::string token;
  std::optional<store::ComplaintFormDraft> draft;
};

Result<FormSession> SessionOf(const RequestContext& context, ComplaintFormService& form) {
  const auto cookie = CookieValue(context.request[http::field::cookie], kFormCookie);
  if (cookie && ComplaintFormService::IsToken(*cookie)) {
    auto draft = form.Draft(*cookie);
    if (!draft) return std::unexpected(draft.error());
    // A token whose draft is not saved yet (its first page not yet
    // posted) is kept: the page already shown carries its form token.
    return FormSession{std::string(*cookie), std::move(*draft)};
  }
  return FormSession{ComplaintFormService::NewToken(), std::nullopt};
}

bool Sent(const FormSession& session) { return session.draft && !session.draft->complaint_id.empty(); }

// Whether the post came from a page this browser was given: the form's
// token matches the cookie's draft (another site can read neither).
bool PostIsOurs(const RequestContext& context, const web::Form& fields) {
  const auto cookie = CookieValue(context.request[http::field::cookie], kFormCookie);
  if (!cookie || !ComplaintFormService::IsToken(*cookie)) return false;
  const std::string expected = ComplaintFormService::CsrfOf(*cookie);
  const std::string presented = fields.Get("_csrf");
  return presented.size() == expected.size() &&
         CRYPTO_memcmp(presented.data(), expected.data(), expected.size()) == 0;
}

class FormPages {
 public:
  FormPages(const CitizenDoor& door, ComplaintFormService& form,
            std::map<std::string, v1::PublicContact, std::less<>> contacts)
      : door_(door), form_(form), contacts_(std::move(contacts)) {}

  HandlerResult Start(const RequestContext& context, std::string_view language_default) const;
  HandlerResult ShowStep(const RequestContext& context) const;
  HandlerResult PostStep(const RequestContext& context) const;
  // The documents step: a file added (multipart/form-data, its body
  // spooled) or removed.
  HandlerResult AddFile(const RequestContext& context) const;
  HandlerResult RemoveFile(const RequestContext& context) const;
  // Whether an upload's header comes from a draft's browser with the
  // page's token, within the address's share of uploads: only then is its
  // body spooled.
  bool AdmitsUpload(const Request& header, std::string_view client) const;

 private:
  const CitizenTexts& texts() const { return door_.texts(); }
  Response Failure(const RequestContext& context, std::string_view language, const Error& error) const;
  Result<Response> StepPage(const RequestContext& context, const FormSession& session, std::string_view language,
                            FormStep step, const Answers& answers, const std::vector<FormFieldError>& errors,
                            bool from_check, http::status status, bool guidance = false,
                            bool file_added = false) const;
  Result<Response> CheckPage(const RequestContext& context, const FormSession& session, std::string_view language,
                             const Answers& answers, http::status status, std::string_view notice_key) const;
  Response ReceiptPage(const RequestContext& context, std::string_view language,
                       const store::ComplaintFormDraft& draft) const;
  Data Base(std::string_view path, std::string_view language) const;
  Data Steps(std::string_view language, FormStep current, const Answers& answers) const;
  std::string ErrorText(std::string_view language, const FormFieldError& error) const;
  void SetErrors(Data& data, std::string_view language, const std::vector<FormFieldError>& errors,
                 const std::string& first_department) const;
  Result<Data> DialogueGuidance(const Answers& answers) const;
  Response WithCookies(Response response, const FormSession& session, std::string_view language,
                       const RequestContext& context) const;

  const CitizenDoor& door_;
  ComplaintFormService& form_;
  std::map<std::string, v1::PublicContact, std::less<>> contacts_;
};

Data FormPages::Base(std::string_view path, std::string_view language) const {
  return door_.PageData(path, language);
}

Response FormPages::Failure(const RequestContext& context, std::string_view language, const Error& error) const {
  if (error.code == ErrorCode::kResourceExhausted) {
    return door_.Message(context, http::status::service_unavailable, language, "busy_heading", "busy_text");
  }
  const bool busy = error.code == ErrorCode::kUnavailable;
  return door_.Message(context, busy ? http::status::service_unavailable : http::status::internal_server_error,
                       language, "failure_heading", "failure_text");
}

// The draft's cookie (renewed: it lasts as the draft does) and, when the
// citizen chose one by link, the language's.
Response FormPages::WithCookies(Response response, const FormSession& session, std::string_view language,
                                const RequestContext& context) const {
  response.insert(http::field::set_cookie,
                  door_.Cookie(kFormCookie, session.token, kFormPath,
                               std::chrono::duration_cast<std::chrono::seconds>(form_.settings().lifetime)));
  door_.RememberLanguage(context, response, language);
  return response;
}

Data FormPages::Steps(std::string_view language, FormStep current, const Answers& answers) const {
  Data steps{Data::type::list};
  std::uint32_t number = 0;
  // A step may be opened when every one before it is answered.
  bool reachable = true;
  std::vector<FormStep> all(FormQuestions().begin(), FormQuestions().end());
  all.push_back(FormStep::kCheck);
  for (const FormStep step : all) {
    ++number;
    Data entry{Data::type::object};
    entry.set("number", std::to_string(number));
    entry.set("title", texts().Text(language, "step_" + std::string(FormStepSlug(step))));
    entry.set("current", step == current);
    entry.set("done", StepAnswered(answers, step));
    if (reachable && step != current) entry.set("href", StepPath(step));
    reachable = reachable && (step == FormStep::kCheck || StepAnswered(answers, step));
    steps.push_back(entry);
  }
  return steps;
}

std::string FormPages::ErrorText(std::string_view language, const FormFieldError& error) const {
  const std::string specific = "error_" + error.field + "_" + error.reason;
  const std::string key = texts().HasKey(specific) ? specific : "error_" + error.reason;
  const std::string label = texts().Text(language, "label_" + error.field);
  return Filled(texts().HasKey(key) ? texts().Text(language, key) : texts().Text(language, "error_invalid"),
                {{"label", label},
                 {"max", std::to_string(error.max)},
                 {"count", std::to_string(form_.files().limits().files_per_draft)}});
}

void FormPages::SetErrors(Data& data, std::string_view language, const std::vector<FormFieldError>& errors,
                          const std::string& first_department) const {
  Data list{Data::type::list};
  for (const FormFieldError& error : errors) {
    const std::string message = ErrorText(language, error);
    Data entry{Data::type::object};
    // A group's link goes to its first choice, which the browser can focus.
    std::string id = error.field;
    if (error.field == "department") {
      id = error.reason == "choose_department" || first_department.empty() ? "department-unknown"
                                                                              : "department-" + first_department;
    }
    if (error.field == "department_answer") id = "department_answer-answered";
    entry.set("id", id);
    entry.set("message", message);
    list.push_back(entry);
    data.set(error.field + "_error", message);
  }
  data.set("errors", list);
}

Result<Data> FormPages::DialogueGuidance(const Answers& answers) const {
  Data guidance{Data::type::object};
  auto departments = form_.Departments();
  if (!departments) return std::unexpected(departments.error());
  for (const auto& department : *departments) {
    if (department.code == answers.department()) guidance.set("department", department.name);
  }
  if (const auto contact = contacts_.find(answers.department()); contact != contacts_.end()) {
    web::SetText(guidance, "email", contact->second.email());
    web::SetText(guidance, "phone", contact->second.phone());
  } else {
    guidance.set("email", false);
    guidance.set("phone", false);
  }
  return guidance;
}

Result<Response> FormPages::StepPage(const RequestContext& context, const FormSession& session,
                                     std::string_view language, FormStep step, const Answers& answers,
                                     const std::vector<FormFieldError>& errors, bool from_check,
                                     http::status status, bool guidance, bool file_added) const {
  Data data = Base(StepPath(step), language);
  data.set("steps", Steps(language, step, answers));
  const auto number = static_cast<std::uint32_t>(step);
  data.set("step_of", Filled(texts().Text(language, "step_of"),
                             {{"n", std::to_string(number)}, {"total", std::to_string(FormQuestions().size() + 1)}}));
  data.set("action", StepPath(step));
  data.set("csrf", ComplaintFormService::CsrfOf(session.token));
  data.set("from_check", from_check);
  data.set("back", number > 1 ? StepPath(static_cast<FormStep>(number - 1)) : std::string(kFormPath));
  std::string first_department;
  switch (step) {
    case FormStep::kDepartment: {
      auto departments = form_.Departments();
      if (!departments) return std::unexpected(departments.error());
      Data options{Data::type::list};
      for (const auto& department : *departments) {
        if (first_department.empty()) first_department = department.code;
        Data option{Data::type::object};
        option.set("value", department.code);
        option.set("id", "department-" + department.code);
        option.set("name", department.name);
        option.set("checked", answers.department() == department.code);
        const std::string about = "department_about_" + department.code;
        web::SetText(option, "about", texts().HasKey(about) ? texts().Text(language, about) : "");
        options.push_back(option);
      }
      data.set("departments", options);
      data.set("unknown_checked", answers.department_unknown());
      data.set("unknown_value", std::string(kUnknownDepartment));
      break;
    }
    case FormStep::kWhatHappened:
      data.set("subject", answers.subject());
      data.set("what_happened", answers.what_happened());
      data.set("wish", answers.wish());
      break;
    case FormStep::kDepartmentAnswer: {
      Data options{Data::type::list};
      for (const auto& [value, answer] : {std::pair{"answered", Answers::ANSWERED},
                                          std::pair{"no_reply", Answers::NO_REPLY},
                                          std::pair{"not_contacted", Answers::NOT_CONTACTED}}) {
        Data option{Data::type::object};
        option.set("value", std::string(value));
        option.set("id", "department_answer-" + std::string(value));
        option.set("label", texts().Text(language, "answer_" + std::string(value)));
        option.set("checked", answers.department_answer() == answer);
        options.push_back(option);
      }
      data.set("answers", options);
      if (guidance) {
        auto dialogue = DialogueGuidance(answers);
        if (!dialogue) return std::unexpected(dialogue.error());
        data.set("guidance", *dialogue);
        data.set("next", NextPath(step, from_check));
      }
      break;
    }
    case FormStep::kDocuments: {
      std::vector<store::StagedFile> files;
      if (session.draft) {
        auto staged = form_.files().Of(session.draft->case_id);
        if (!staged) return std::unexpected(staged.error());
        files = std::move(*staged);
      }
      const std::string csrf = ComplaintFormService::CsrfOf(session.token);
      Data list{Data::type::list};
      for (const store::StagedFile& file : files) {
        Data entry{Data::type::object};
        entry.set("name", file.title.empty() ? file.file_name : file.title + " (" + file.file_name + ")");
        entry.set("facts", SizeText(file.size_bytes, language));
        entry.set("remove", StepPath(FormStep::kDocuments) + "/" + file.id + "/fjern" + (from_check ? "?fra=tjek" : ""));
        list.push_back(entry);
      }
      data.set("has_files", !files.empty());
      data.set("files", list);
      data.set("added", file_added);
      const std::string upload =
          StepPath(FormStep::kDocuments) + "/tilfoej?_csrf=" + csrf + (from_check ? "&fra=tjek" : "");
      data.set("upload", upload);
      data.set("upload_and_continue", upload + "&videre=1");
      data.set("file_hint", Filled(texts().Text(language, "documents_file_hint"),
                                   {{"max", std::to_string(form_.files().MaxFileBytes() / (1024 * 1024))},
                                    {"count", std::to_string(form_.files().limits().files_per_draft)}}));
      break;
    }
    case FormStep::kAboutYou:
      data.set("name", answers.name());
      data.set("email", answers.email());
      data.set("phone", answers.phone());
      data.set("postal_address", answers.postal_address());
      if (!answers.mitid_subject_hash().empty()) {
        data.set("mitid_linked", answers.mitid_name().empty()
                                     ? texts().Text(language, "mitid_form_linked_unnamed")
                                     : Filled(texts().Text(language, "mitid_form_linked"),
                                              {{"name", answers.mitid_name()}}));
      }
      break;
    case FormStep::kNeeds: {
      data.set("needs_interpreter", answers.needs_interpreter());
      data.set("easy_read", answers.easy_read());
      data.set("needs_assistance", answers.needs_assistance());
      data.set("interpreter_languages", InterpreterLanguageOptions(texts(), language, answers.interpreter_language()));
      break;
    }
    case FormStep::kCheck:
    case FormStep::kReceipt:
      break;
  }
  SetErrors(data, language, errors, first_department);
  const std::string page = "step_" + std::string(FormStepSlug(step));
  Response response = door_.Render(context, status, page, std::move(data),
                                   texts().Text(language, "step_" + std::string(FormStepSlug(step))));
  return WithCookies(std::move(response), session, language, context);
}

Result<Response> FormPages::CheckPage(const RequestContext& context, const FormSession& session,
                                      std::string_view language, const Answers& answers, http::status status,
                                      std::string_view notice_key) const {
  Data data = Base(StepPath(FormStep::kCheck), language);
  data.set("steps", Steps(language, FormStep::kCheck, answers));
  data.set("step_of", Filled(texts().Text(language, "step_of"), {{"n", std::to_string(FormQuestions().size() + 1)},
                                                                  {"total", std::to_string(FormQuestions().size() + 1)}}));
  data.set("action", StepPath(FormStep::kCheck));
  data.set("csrf", ComplaintFormService::CsrfOf(session.token));
  data.set("back", StepPath(FormStep::kNeeds));
  auto departments = form_.Departments();
  if (!departments) return std::unexpected(departments.error());
  std::string department_name = answers.department();
  for (const auto& department : *departments) {
    if (department.code == answers.department()) department_name = department.name;
  }
  Data rows{Data::type::list};
  const auto row = [&](std::string_view label_key, const std::string& value, FormStep step) {
    Data entry{Data::type::object};
    entry.set("label", texts().Text(language, label_key));
    entry.set("value", value.empty() ? texts().Text(language, "check_not_given") : value);
    entry.set("href", StepPath(step) + "?fra=tjek");
    entry.set("change", texts().Text(language, "check_change"));
    rows.push_back(entry);
  };
  row("label_department", department_name, FormStep::kDepartment);
  row("check_subject", answers.subject(), FormStep::kWhatHappened);
  row("label_what_happened", answers.what_happened(), FormStep::kWhatHappened);
  row("label_wish", answers.wish(), FormStep::kWhatHappened);
  const std::string answer = answers.department_answer() == Answers::ANSWERED        ? "answer_answered"
                             : answers.department_answer() == Answers::NO_REPLY      ? "answer_no_reply"
                             : answers.department_answer() == Answers::NOT_CONTACTED ? "answer_not_contacted"
                                                                                     : "";
  row("label_department_answer", answer.empty() ? "" : texts().Text(language, answer), FormStep::kDepartmentAnswer);
  std::string documents;
  if (session.draft) {
    auto files = form_.files().Of(session.draft->case_id);
    if (!files) return std::unexpected(files.error());
    for (const store::StagedFile& file : *files) {
      documents += (documents.empty() ? "" : "\n") + (file.title.empty() ? file.file_name : file.title);
    }
  }
  row("check_documents", documents.empty() ? texts().Text(language, "check_no_documents") : documents,
      FormStep::kDocuments);
  row("label_name", answers.name(), FormStep::kAboutYou);
  row("label_email", answers.email(), FormStep::kAboutYou);
  row("label_phone", answers.phone(), FormStep::kAboutYou);
  row("label_postal_address", answers.postal_address(), FormStep::kAboutYou);
  if (!answers.mitid_subject_hash().empty()) {
    row("mitid_check", answers.mitid_name().empty() ? texts().Text(language, "check_yes") : answers.mitid_name(),
        FormStep::kAboutYou);
  }
  std::string needs;
  const auto add = [&](bool need, std::string text) {
    if (!need) return;
    needs += (needs.empty() ? "" : "\n") + text;
  };
  add(answers.needs_interpreter(), Filled(texts().Text(language, "check_interpreter"),
                                          {{"language", LanguageName(answers.interpreter_language(),
                                                                     texts().Text(language, "html_lang"))}}));
  add(answers.easy_read(), texts().Text(language, "label_easy_read"));
  add(answers.needs_assistance(), texts().Text(language, "label_needs_assistance"));
  row("label_needs", needs, FormStep::kNeeds);
  data.set("rows", rows);
  if (DialogueFirst(answers) && form_.GuidesToDialogue()) {
    auto dialogue = DialogueGuidance(answers);
    if (!dialogue) return std::unexpected(dialogue.error());
    data.set("guidance", *dialogue);
  }
  web::SetText(data, "notice", notice_key.empty() ? "" : texts().Text(language, notice_key));
  Response response = door_.Render(context, status, "check", std::move(data), texts().Text(language, "step_tjek"));
  return WithCookies(std::move(response), session, language, context);
}

Response FormPages::ReceiptPage(const RequestContext& context, std::string_view language,
                                const store::ComplaintFormDraft& draft) const {
  Data data = Base(StepPath(FormStep::kReceipt), language);
  data.set("case_number", draft.case_number);
  web::SetText(data, "reply_by", draft.reply_by.empty() ? "" : WrittenDate(texts(), language, draft.reply_by));
  Response response =
      door_.Render(context, http::status::ok, "receipt", std::move(data), texts().Text(language, "step_kvittering"));
  door_.RememberLanguage(context, response, language);
  return response;
}

HandlerResult FormPages::Start(const RequestContext& context, std::string_view language_default) const {
  // /en/complain is English whatever was chosen before, unless a link asks.
  const std::string language = !language_default.empty() && !context.query.contains("sprog")
                                   ? std::string(language_default)
                                   : door_.LanguageOf(context);
  auto session = SessionOf(context, form_);
  if (!session) return Failure(context, language, session.error());
  Data data = Base(kFormPath, language);
  data.set("start", StepPath(FormStep::kDepartment) + (Sent(*session) ? "?ny=1" : ""));
  if (session->draft && !Sent(*session)) {
    const Answers& answers = session->draft->answers;
    const auto unanswered = FirstUnanswered(answers);
    data.set("resume", StepPath(unanswered.value_or(FormStep::kCheck)));
    data.set("start", StepPath(FormStep::kDepartment) + "?ny=1");
  }
  Response response =
      door_.Render(context, http::status::ok, "start", std::move(data), texts().Text(language, "start_title"));
  if (context.query.contains("sprog") || !language_default.empty()) {
    response.insert(http::field::set_cookie, door_.Cookie(kLanguageCookie, language, "/", kLanguageCookieAge));
  }
  return response;
}

HandlerResult FormPages::ShowStep(const RequestContext& context) const {
  const auto step = FormStepOfSlug(context.path.at("step"));
  if (!step) {
    return door_.Message(context, http::status::not_found, door_.LanguageOf(context), "not_found_heading",
                         "not_found_text");
  }
  if (*step == FormStep::kReceipt) {
    auto session = SessionOf(context, form_);
    const std::string language = door_.LanguageOf(context);
    if (!session) return Failure(context, language, session.error());
    if (!Sent(*session)) return web::SeeOther(context.request, std::string(kFormPath));
    return ReceiptPage(context, door_.LanguageOf(context, session->draft->answers.language()), *session->draft);
  }
  auto session = SessionOf(context, form_);
  if (!session) return Failure(context, door_.LanguageOf(context), session.error());
  // A new complaint only when asked for: back from the receipt is the
  // receipt, not an empty form.
  if (context.query.contains("ny")) {
    if (!Sent(*session)) {
      if (auto forgotten = form_.StartOver(session->token); !forgotten) {
        return Failure(context, door_.LanguageOf(context), forgotten.error());
      }
    }
    *session = FormSession{ComplaintFormService::NewToken(), std::nullopt};
  } else if (Sent(*session)) {
    return web::SeeOther(context.request, StepPath(FormStep::kReceipt));
  }
  const Answers answers = session->draft ? session->draft->answers : Answers();
  const std::string language = door_.LanguageOf(context, answers.language());
  // No page past the first unanswered question: each builds on the last.
  const auto unanswered = FirstUnanswered(answers);
  if (unanswered && static_cast<std::uint32_t>(*step) > static_cast<std::uint32_t>(*unanswered)) {
    return WithCookies(web::SeeOther(context.request, StepPath(*unanswered)), *session, language, context);
  }
  const bool from_check = context.query.contains("fra");
  Result<Response> page = *step == FormStep::kCheck
                              ? CheckPage(context, *session, language, answers, http::status::ok, {})
                              : StepPage(context, *session, language, *step, answers, {}, from_check, http::status::ok,
                                         false, context.query.contains("tilfoejet"));
  if (!page) return Failure(context, language, page.error());
  return std::move(*page);
}

HandlerResult FormPages::PostStep(const RequestContext& context) const {
  std::string language = door_.LanguageOf(context);
  const auto step = FormStepOfSlug(context.path.at("step"));
  if (!step || *step == FormStep::kReceipt) {
    return door_.Message(context, http::status::not_found, language, "not_found_heading", "not_found_text");
  }
  if (const auto wait = form_.TakePost(context.peer)) {
    Response response = door_.Message(context, http::status::too_many_requests, language, "limit_heading",
                                      "limit_text");
    response.set(http::field::retry_after, std::to_string(wait->count()));
    return response;
  }
  auto fields = web::Form::Read(context.request);
  if (!fields) return door_.Message(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  if (!PostIsOurs(context, *fields)) {
    return door_.Message(context, http::status::forbidden, language, "expired_heading", "expired_text");
  }
  const std::string token(*CookieValue(context.request[http::field::cookie], kFormCookie));
  FormSession session{token, std::nullopt};
  if (*step == FormStep::kCheck) {
    auto sending = form_.Send(token, fields->Get("website"), context.peer, texts().Text("da", "wish_heading"));
    if (!sending) return Failure(context, language, sending.error());
    language = door_.LanguageOf(context, sending->draft.answers.language());
    if (sending->email_limited) {
      return door_.Message(context, http::status::too_many_requests, language, "email_limit_heading",
                           "email_limit_text");
    }
    if (sending->retry_after) {
      Response response = door_.Message(context, http::status::too_many_requests, language, "limit_heading",
                                        "limit_text");
      response.set(http::field::retry_after, std::to_string(sending->retry_after->count()));
      return response;
    }
    if (!sending->refused) return web::SeeOther(context.request, StepPath(FormStep::kReceipt));
    switch (*sending->refused) {
      case FormRefusal::kHoneypot:
        return door_.Message(context, http::status::unprocessable_entity, language, "robot_heading",
                             "robot_text");
      case FormRefusal::kTooQuick: {
        auto page = CheckPage(context, session, language, sending->draft.answers, http::status::too_many_requests,
                              "too_quick");
        if (!page) return Failure(context, language, page.error());
        return std::move(*page);
      }
      case FormRefusal::kIncomplete: {
        const FormStep at = sending->step.value_or(FormStep::kDepartment);
        if (sending->errors.empty()) return web::SeeOther(context.request, StepPath(at));
        auto page = StepPage(context, session, language, at, sending->draft.answers, sending->errors, true,
                             http::status::bad_request);
        if (!page) return Failure(context, language, page.error());
        return std::move(*page);
      }
    }
  }
  const web::Form& posted = *fields;
  const FormFieldLookup lookup = [&posted](std::string_view name) -> std::optional<std::string_view> {
    const auto& all = posted.fields();
    const auto found = all.find(name);
    if (found == all.end()) return std::nullopt;
    return std::string_view(found->second);
  };
  auto outcome = form_.Answer(token, *step, lookup, language);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kFailedPrecondition) {  // sent already: its receipt
      return web::SeeOther(context.request, StepPath(FormStep::kReceipt));
    }
    return Failure(context, language, outcome.error());
  }
  // The draft has moved to a new token: the cookie and the page's form
  // carry it from here.
  session.token = outcome->token;
  const bool from_check = fields->Get("fra") == "tjek";
  const bool guide = *step == FormStep::kDepartmentAnswer && outcome->errors.empty() &&
                     DialogueFirst(outcome->answers) && form_.GuidesToDialogue();
  if (outcome->errors.empty() && !guide) {
    return WithCookies(web::SeeOther(context.request, NextPath(*step, from_check)), session, language, context);
  }
  auto page = StepPage(context, session, language, *step, outcome->answers, outcome->errors, from_check,
                       outcome->errors.empty() ? http::status::ok : http::status::bad_request, guide);
  if (!page) return Failure(context, language, page.error());
  return std::move(*page);
}

bool FormPages::AdmitsUpload(const Request& header, std::string_view client) const {
  const auto cookie = CookieValue(header[http::field::cookie], kFormCookie);
  if (!cookie || !ComplaintFormService::IsToken(*cookie)) return false;
  const std::string target(header.target());
  if (target.find("_csrf=" + ComplaintFormService::CsrfOf(*cookie)) == std::string::npos) return false;
  auto draft = form_.Draft(*cookie);
  if (!draft || !draft->has_value() || !(*draft)->complaint_id.empty()) return false;
  // Counted before a byte is spooled: one address cannot fill the forms'
  // space or the spool faster than its share.
  return !form_.TakeUpload(client).has_value();
}

HandlerResult FormPages::AddFile(const RequestContext& context) const {
  std::string language = door_.LanguageOf(context);
  if (const auto wait = form_.TakePost(context.peer)) {
    Response response = door_.Message(context, http::status::too_many_requests, language, "limit_heading",
                                      "limit_text");
    response.set(http::field::retry_after, std::to_string(wait->count()));
    return response;
  }
  const auto cookie = CookieValue(context.request[http::field::cookie], kFormCookie);
  const auto csrf = context.query.find("_csrf");
  // A body not spooled: not admitted (AdmitsUpload). From the draft's own
  // page, that was the address's share of uploads.
  if (context.files == nullptr || context.files->upload == nullptr) {
    const bool ours = cookie && ComplaintFormService::IsToken(*cookie) && csrf != context.query.end() &&
                      SameSecret(csrf->second, ComplaintFormService::CsrfOf(*cookie));
    if (!ours) return door_.Message(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
    Response response = door_.Message(context, http::status::too_many_requests, language, "limit_heading",
                                      "limit_text", StepPath(FormStep::kDocuments));
    response.set(http::field::retry_after, "60");
    return response;
  }
  if (!cookie || !ComplaintFormService::IsToken(*cookie) || csrf == context.query.end() ||
      !SameSecret(csrf->second, ComplaintFormService::CsrfOf(*cookie))) {
    return door_.Message(context, http::status::forbidden, language, "expired_heading", "expired_text");
  }
  auto session = SessionOf(context, form_);
  if (!session) return Failure(context, language, session.error());
  if (Sent(*session)) return web::SeeOther(context.request, StepPath(FormStep::kReceipt));
  if (!session->draft) return door_.Message(context, http::status::forbidden, language, "expired_heading", "expired_text");
  language = door_.LanguageOf(context, session->draft->answers.language());
  const bool from_check = context.query.contains("fra");
  // "Fortsæt" sends the same form: a file chosen and not yet added is
  // added, not lost, and the citizen goes on.
  const bool go_on = context.query.contains("videre");
  const auto continue_on = [&]() -> HandlerResult {
    const FormFieldLookup nothing = [](std::string_view) -> std::optional<std::string_view> { return std::nullopt; };
    auto outcome = form_.Answer(session->token, FormStep::kDocuments, nothing, language);
    if (!outcome) return Failure(context, language, outcome.error());
    FormSession moved{outcome->token, std::nullopt};
    return WithCookies(web::SeeOther(context.request, NextPath(FormStep::kDocuments, from_check)), moved, language,
                       context);
  };
  auto added = form_.files().Add(session->token, *context.files->upload,
                                 std::string(context.request[http::field::content_type]));
  if (added) {
    if (go_on) return continue_on();
    return web::SeeOther(context.request,
                         StepPath(FormStep::kDocuments) + "?tilfoejet=1" + (from_check ? "&fra=tjek" : ""));
  }
  const Error& error = added.error();
  const bool no_file = error.field_violations.size() == 1 && error.field_violations.front().field == "file" &&
                       error.field_violations.front().reason == "required";
  if (go_on && no_file) return continue_on();
  if (error.code == ErrorCode::kFailedPrecondition) {
    return door_.Message(context, http::status::gone, language, "expired_heading", "expired_text");
  }
  if (error.field_violations.empty()) {
    if (error.code == ErrorCode::kInvalidArgument) {
      return door_.Message(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
    }
    return Failure(context, language, error);
  }
  // The first field at fault, with its reason; the file's own reasons
  // where the form knows them.
  const FieldViolation& violation = error.field_violations.front();
  FormFieldError at{violation.field == "title" ? "title" : "file", violation.reason};
  if (at.field == "title" && at.reason == "too_long") at.max = service::CaseDocumentService::kMaxCitizenTitle;
  if (at.field == "file" && at.reason == std::string(service::kFileTooLarge)) {
    at.max = form_.files().MaxFileBytes() / (1024 * 1024);
  }
  if (at.field == "file" && !texts().HasKey("error_file_" + at.reason)) at.reason = "invalid_file";
  http::status status = UploadStatus(error);
  if (violation.reason == store::kFormFileCount) status = http::status::unprocessable_entity;
  if (violation.reason == store::kFormFileBytes) status = http::status::payload_too_large;
  if (violation.reason == store::kFormFilesBusy) status = http::status::service_unavailable;
  auto page = StepPage(context, *session, language, FormStep::kDocuments, session->draft->answers, {at}, from_check,
                       status);
  if (!page) return Failure(context, language, page.error());
  return std::move(*page);
}

HandlerResult FormPages::RemoveFile(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto fields = web::Form::Read(context.request);
  if (!fields) return door_.Message(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  if (!PostIsOurs(context, *fields)) {
    return door_.Message(context, http::status::forbidden, language, "expired_heading", "expired_text");
  }
  const std::string token(*CookieValue(context.request[http::field::cookie], kFormCookie));
  auto removed = form_.files().Remove(token, context.path.at("file"));
  if (!removed) return Failure(context, language, removed.error());
  // Removed, or gone already (a second click): the page as it now is.
  return web::SeeOther(context.request,
                       StepPath(FormStep::kDocuments) + (context.query.contains("fra") ? "?fra=tjek" : ""));
}

}  // namespace

void AddComplaintFormPages(HttpApi& api, const CitizenDoor& door, service::ComplaintFormService& form,
                           std::map<std::string, v1::PublicContact, std::less<>> contacts) {
  auto pages = std::make_shared<FormPages>(door, form, std::move(contacts));
  api.Add(http::verb::get, "/klage", Endpoint{[pages](const RequestContext& context) { return pages->Start(context, {}); }, /*page=*/true});
  api.Add(http::verb::get, "/en/complain",
          Endpoint{[pages](const RequestContext& context) { return pages->Start(context, "en"); }, /*page=*/true});
  // The documents step's files: a body spooled to disk as it arrives,
  // within the office's file limit, only for a draft's own page.
  Endpoint upload{[pages](const RequestContext& context) { return pages->AddFile(context); }, /*page=*/true};
  upload.spools_body = true;
  upload.admit_upload = [pages](const Request& header, std::string_view client) {
    return pages->AdmitsUpload(header, client);
  };
  api.Add(http::verb::post, "/klage/dokumenter/tilfoej", std::move(upload));
  api.Add(http::verb::post, "/klage/dokumenter/{file}/fjern",
          Endpoint{[pages](const RequestContext& context) { return pages->RemoveFile(context); }, /*page=*/true});
  api.Add(http::verb::get, "/klage/{step}",
          Endpoint{[pages](const RequestContext& context) { return pages->ShowStep(context); }, /*page=*/true});
  api.Add(http::verb::post, "/klage/{step}",
          Endpoint{[pages](const RequestContext& context) { return pages->PostStep(context); }, /*page=*/true});
}

}  // namespace ombudsflow::api::citizen
