// "Min sag" (/min-sag): the citizen's own page of their case. A link in an
// e-mail opens it (/min-sag/adgang/<token>), and an HttpOnly cookie keeps
// it open while it is used; nothing else does. A wrong, expired or revoked
// link gets one and the same answer, and tries are limited per address.
#include "api/citizen/citizen_door.h"
#include "api/cookies.h"
#include "api/handlers/case_document_handlers.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "api/web/workplace.h"
#include "engine/core/base/text.h"
#include "engine/core/rules/intake.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::api::citizen {
namespace {

using service::MinSagService;

constexpr std::string_view kMinSagPath = "/min-sag";

// "k•••@example.dk": enough for its owner to know it, little for others.
std::string MaskedEmail(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0) return {};
  const std::size_t first = Utf8Prefix(email, 1).size();
  return std::string(email.substr(0, first)) + "\u2022\u2022\u2022" + std::string(email.substr(at));
}

class MinSagPages {
 public:
  MinSagPages(const CitizenDoor& door, MinSagService& min_sag, const Clock& clock,
              std::function<std::string(const std::string&)> department_name, service::CitizenMitidService* mitid)
      : door_(door),
        min_sag_(min_sag),
        clock_(clock),
        department_name_(std::move(department_name)),
        mitid_(mitid) {}

  HandlerResult OpenLink(const RequestContext& context) const;
  HandlerResult Show(const RequestContext& context) const;
  HandlerResult Write(const RequestContext& context) const;
  HandlerResult Upload(const RequestContext& context) const;
  // Whether an upload's header comes from a live session with its form's
  // token: only then is its body spooled.
  bool AdmitsUpload(const Request& header) const;
  HandlerResult NewLink(const RequestContext& context) const;
  HandlerResult SignOut(const RequestContext& context) const;
  HandlerResult Letter(const RequestContext& context) const;
  HandlerResult Document(const RequestContext& context) const;

 private:
  const CitizenTexts& texts() const { return door_.texts(); }
  // A Min sag page's data: the door's, with Min sag's own footer.
  Data MinSagData(std::string_view language) const {
    Data data = door_.PageData(kMinSagPath, language);
    data.set("privacy", texts().Text(language, "minsag_privacy"));
    return data;
  }
  // The case the request's cookie opens, and the cookie's token.
  struct Opened {
    std::string token;
    std::string complaint_id;
  };
  Result<std::optional<Opened>> SessionOf(const RequestContext& context) const;
  bool PostIsOurs(const web::Form& fields, const Opened& opened) const;
  Response Failure(const RequestContext& context, std::string_view language, const Error& error) const;
  // A post refused for no field of its own (a form sent again after a
  // change, a body that is not the form's): 400 and the page to go back
  // to; other errors are failures.
  Response Refused(const RequestContext& context, std::string_view language, const Error& error) const {
    switch (error.code) {
      case ErrorCode::kInvalidArgument:
      case ErrorCode::kFailedPrecondition:
      case ErrorCode::kAlreadyExists:
        return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
      default:
        return Failure(context, language, error);
    }
  }
  Response Limited(const RequestContext& context, std::string_view language, std::chrono::seconds wait) const;
  // A page that only says something, with the way back to Min sag.
  Response Said(const RequestContext& context, http::status status, std::string_view language,
                std::string_view heading_key, std::string_view text_key) const {
    return Private(door_.Message(context, status, language, heading_key, text_key, kMinSagPath, "minsag_back"));
  }
  // The page for a browser without a session: how to open Min sag, and a
  // form for a new link.
  // `unsent`: a message typed in vain, shown to be copied.
  Response Door(const RequestContext& context, std::string_view language, http::status status,
                std::string_view heading_key, std::string_view text_key, const web::Form* posted,
                const std::vector<std::pair<std::string, std::string>>& errors,
                std::string_view unsent = {}) const;
  // The answer to a request that needs a session and has none (or one
  // ended): 401 and the door, with `unsent` (a message typed in vain) to
  // copy.
  Response Ended(const RequestContext& context, std::string_view language, const std::string& unsent = {}) const;
  // The case's page; `typed` and `error` for a message refused, `file_error`
  // for a document refused.
  Result<Response> CasePage(const RequestContext& context, std::string_view language, const Opened& opened,
                            http::status status, const std::string& typed, const std::string& error,
                            const std::string& file_error = {}) const;
  std::string SessionCookie(std::string_view token) const {
    return door_.Cookie(kMinSagCookie, token, kMinSagPath,
                        std::chrono::duration_cast<std::chrono::seconds>(min_sag_.settings().session_idle));
  }

  const CitizenDoor& door_;
  MinSagService& min_sag_;
  const Clock& clock_;
  std::function<std::string(const std::string&)> department_name_;
  service::CitizenMitidService* mitid_;
};

Result<std::optional<MinSagPages::Opened>> MinSagPages::SessionOf(const RequestContext& context) const {
  const auto cookie = CitizenTokenCookie(context, kMinSagCookie);
  if (!cookie) return std::optional<Opened>();
  auto complaint_id = min_sag_.Resume(*cookie);
  if (!complaint_id) return std::unexpected(complaint_id.error());
  if (!*complaint_id) return std::optional<Opened>();
  return std::optional<Opened>(Opened{std::string(*cookie), std::move(**complaint_id)});
}

bool MinSagPages::PostIsOurs(const web::Form& fields, const Opened& opened) const {
  return SameSecret(fields.Get("_csrf"), MinSagService::CsrfOf(opened.token));
}

Response MinSagPages::Failure(const RequestContext& context, std::string_view language, const Error& error) const {
  const bool busy = error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kResourceExhausted;
  return Said(context, busy ? http::status::service_unavailable : http::status::internal_server_error, language,
              "failure_heading", "failure_text");
}

Response MinSagPages::Limited(const RequestContext& context, std::string_view language,
                              std::chrono::seconds wait) const {
  Response response = Said(context, http::status::too_many_requests, language, "limit_heading", "minsag_limit_text");
  response.set(http::field::retry_after, std::to_string(wait.count()));
  return response;
}

Response MinSagPages::Door(const RequestContext& context, std::string_view language, http::status status,
                           std::string_view heading_key, std::string_view text_key, const web::Form* posted,
                           const std::vector<std::pair<std::string, std::string>>& errors,
                           std::string_view unsent) const {
  Data data = MinSagData(language);
  data.set("heading", texts().Text(language, heading_key));
  data.set("text", texts().Text(language, text_key));
  web::SetText(data, "unsent", std::string(Utf8Prefix(unsent, service::CaseDocumentService::kMaxMessageCharacters)));
  data.set("case_number", posted == nullptr ? "" : posted->Get("case_number"));
  data.set("email", posted == nullptr ? "" : posted->Get("email"));
  std::vector<std::pair<std::string, std::string>> messages;
  for (const auto& [field, key] : errors) messages.emplace_back(field, texts().Text(language, key));
  SetFieldErrors(data, messages);
  return Private(door_.Render(context, status, "min_sag_door", std::move(data), texts().Text(language, heading_key)));
}

Response MinSagPages::Ended(const RequestContext& context, std::string_view language,
                            const std::string& unsent) const {
  // What was typed comes back, so nothing written is lost.
  Response response = Door(context, language, http::status::unauthorized, "minsag_ended_heading",
                           "minsag_ended_text", nullptr, {}, unsent);
  // The session is a cookie that a link in an e-mail sets (the "Cookie"
  // scheme of draft-broyer-http-cookie-auth): the challenge names it.
  response.set(http::field::www_authenticate, "Cookie realm=\"Min sag\" form-action=\"/min-sag\" cookie-name=\"" +
                                                  std::string(kMinSagCookie) + "\"");
  return response;
}

Result<Response> MinSagPages::CasePage(const RequestContext& context, std::string_view language, const Opened& opened,
                                       http::status status, const std::string& typed, const std::string& error,
                                       const std::string& file_error) const {
  auto view = min_sag_.View(opened.complaint_id);
  if (!view) return std::unexpected(view.error());
  Data data = MinSagData(language);
  data.set("case_number", view->complaint.case_number());
  data.set("reporter", view->reporter);
  // Signed in with MitID: the way back to the person's other cases.
  data.set("all_cases", !view->reporter && CitizenTokenCookie(context, kMitidCookie).has_value());
  if (view->reporter) data.set("privacy", texts().Text(language, "wb_privacy"));
  // Whose case this is, masked: a citizen led here by someone else's link
  // sees that it is not theirs before writing anything.
  web::SetText(data, "contact", MaskedEmail(view->complaint.complainant().email()));
  web::SetText(data, "department",
               view->complaint.department().empty() ? "" : department_name_(view->complaint.department()));
  data.set("stage", texts().Text(language, "stage_" + view->stage));
  data.set("stage_text", texts().Text(language, "stage_" + view->stage + "_text"));
  std::string deadline;
  if (view->deadline) {
    deadline = Filled(texts().Text(language, view->office_answers ? "minsag_office_answers" : "minsag_next_deadline"),
                      {{"date", WrittenDate(texts(), language, *view->deadline)}});
  }
  web::SetText(data, "deadline", deadline);
  const auto time_of = [&](Timestamp at) { return WrittenDate(texts(), language, clock_.LocalDate(at)); };
  Data messages{Data::type::list};
  for (const service::CitizenMessage& message : view->messages) {
    Data entry{Data::type::object};
    entry.set("from_citizen", message.from_citizen);
    entry.set("who", texts().Text(language, message.from_citizen ? "minsag_from_you" : "minsag_from_office"));
    entry.set("at", time_of(message.at));
    entry.set("text", message.text);
    messages.push_back(entry);
  }
  data.set("has_messages", !view->messages.empty());
  data.set("messages", messages);
  Data letters{Data::type::list};
  for (const store::CitizenLetter& letter : view->letters) {
    Data entry{Data::type::object};
    entry.set("href", std::string(kMinSagPath) + "/breve/" + letter.id);
    entry.set("subject", letter.subject);
    entry.set("date", time_of(letter.sent_at));
    letters.push_back(entry);
  }
  data.set("has_letters", !view->letters.empty());
  data.set("letters", letters);
  Data documents{Data::type::list};
  for (const v1::CaseDocument& document : view->documents) {
    Data entry{Data::type::object};
    entry.set("title", document.title());
    entry.set("date", time_of(Timestamp(std::chrono::microseconds(document.create_time().seconds() * 1000000))));
    const bool clean = document.scan_state() == v1::SCAN_CLEAN;
    if (clean) entry.set("href", std::string(kMinSagPath) + "/dokumenter/" + document.id());
    entry.set("waiting", !clean);
    entry.set("from_you", document.uploaded_by() == CitizenActor().Id());
    documents.push_back(entry);
  }
  data.set("has_documents", !view->documents.empty());
  data.set("documents", documents);
  data.set("csrf", MinSagService::CsrfOf(opened.token));
  data.set("nonce", service::NewCitizenToken());
  // A multipart body is read after its checks: the form's token and nonce
  // ride in the action's query.
  data.set("upload_action", std::string(kMinSagPath) + "/dokumenter?_csrf=" + MinSagService::CsrfOf(opened.token) +
                                "&nonce=" + service::NewCitizenToken());
  data.set("max_mb", std::to_string(min_sag_.MaxFileBytes() / (1024 * 1024)));
  data.set("text", typed);
  data.set("sent", context.query.contains("sendt"));
  data.set("uploaded", context.query.contains("modtaget"));
  std::vector<std::pair<std::string, std::string>> errors;
  if (!error.empty()) errors.emplace_back("text", error);
  if (!file_error.empty()) errors.emplace_back("file", file_error);
  SetFieldErrors(data, errors);
  Response response = door_.Render(context, status, "min_sag", std::move(data),
                                   texts().Text(language, view->reporter ? "wb_page_title" : "minsag_title"));
  // The session lives while it is used.
  response.insert(http::field::set_cookie, SessionCookie(opened.token));
  return Private(std::move(response));
}

HandlerResult MinSagPages::OpenLink(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  const std::string& token = context.path.at("token");
  // A token of no token's form is refused as a wrong one, without a try:
  // it costs nothing and can never open anything.
  if (service::IsCitizenToken(token)) {
    if (const auto wait = min_sag_.TakeTry(context.peer)) return Limited(context, language, *wait);
  }
  auto opened = min_sag_.Open(token);
  if (!opened) return Failure(context, language, opened.error());
  if (!*opened) {
    // Wrong, expired or revoked: one answer for all three.
    return Door(context, language, http::status::not_found, "minsag_link_heading", "minsag_link_text", nullptr, {});
  }
  Response response = web::SeeOther(context.request, std::string(kMinSagPath));
  response.insert(http::field::set_cookie, SessionCookie((*opened)->token));
  return Private(std::move(response));
}

HandlerResult MinSagPages::Show(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  if (!*opened) return Door(context, language, http::status::ok, "minsag_title", "minsag_door_text", nullptr, {});
  auto page = CasePage(context, language, **opened, http::status::ok, "", "");
  if (!page) return Failure(context, language, page.error());
  return std::move(*page);
}

HandlerResult MinSagPages::Write(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  auto fields = web::Form::Read(context.request);
  if (!fields) {
    return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  }
  if (!*opened) {
    // Only a post from our own page gets its text back: another site's
    // must not make this one show words of its choosing.
    const bool ours = context.request["Sec-Fetch-Site"] == "same-origin";
    return Ended(context, language, ours ? fields->Get("text") : std::string());
  }
  if (!PostIsOurs(*fields, **opened)) {
    return Said(context, http::status::forbidden, language, "expired_heading", "minsag_expired_text");
  }
  const std::string text = fields->Get("text");
  auto written = min_sag_.Write((*opened)->complaint_id, text, fields->Get("nonce"));
  if (!written) {
    if (written.error().field_violations.empty()) return Refused(context, language, written.error());
    std::string reason = "invalid";
    for (const FieldViolation& violation : written.error().field_violations) reason = violation.reason;
    const std::string key = "minsag_error_" + reason;
    const std::string message =
        Filled(texts().HasKey(key) ? texts().Text(language, key) : texts().Text(language, "minsag_error_invalid"),
               {{"max", std::to_string(service::CaseDocumentService::kMaxMessageCharacters)}});
    // What was typed comes back, within the limit, to be corrected.
    auto page = CasePage(context, language, **opened, http::status::bad_request,
                         std::string(Utf8Prefix(text, service::CaseDocumentService::kMaxMessageCharacters * 2)),
                         message);
    if (!page) return Failure(context, language, page.error());
    return std::move(*page);
  }
  return Private(web::SeeOther(context.request, std::string(kMinSagPath) + "?sendt=1#beskeder"));
}

bool MinSagPages::AdmitsUpload(const Request& header) const {
  const auto cookie = CookieValue(header[http::field::cookie], kMinSagCookie);
  if (!cookie || !service::IsCitizenToken(*cookie)) return false;
  const std::string target(header.target());
  const std::string expected = "_csrf=" + MinSagService::CsrfOf(*cookie);
  if (target.find(expected) == std::string::npos) return false;
  auto opened = min_sag_.Resume(*cookie);
  return opened && opened->has_value();
}

HandlerResult MinSagPages::Upload(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  if (!*opened) return Ended(context, language);
  const auto csrf = context.query.find("_csrf");
  if (csrf == context.query.end() || !SameSecret(csrf->second, MinSagService::CsrfOf((*opened)->token))) {
    return Said(context, http::status::forbidden, language, "expired_heading", "minsag_expired_text");
  }
  if (context.files == nullptr || context.files->upload == nullptr) {
    return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
  }
  const auto nonce = context.query.find("nonce");
  auto kept = min_sag_.Upload((*opened)->complaint_id, *context.files->upload,
                              std::string(context.request[http::field::content_type]),
                              nonce == context.query.end() ? std::string() : nonce->second);
  if (kept) return Private(web::SeeOther(context.request, std::string(kMinSagPath) + "?modtaget=1#dokumenter"));
  const Error& error = kept.error();
  if (error.field_violations.empty()) return Refused(context, language, error);
  std::string reason = "invalid_file";
  for (const FieldViolation& violation : error.field_violations) {
    reason = violation.field == "title" ? "title" : violation.reason;
  }
  const std::string key = "minsag_error_file_" + reason;
  const std::string message =
      Filled(texts().HasKey(key) ? texts().Text(language, key) : texts().Text(language, "minsag_error_file_invalid_file"),
             {{"max", std::to_string(min_sag_.MaxFileBytes() / (1024 * 1024))}});
  const http::status status = UploadStatus(error);
  auto page = CasePage(context, language, **opened, status, "", "", message);
  if (!page) return Failure(context, language, page.error());
  return std::move(*page);
}

HandlerResult MinSagPages::NewLink(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  if (const auto wait = min_sag_.TakeRequest(context.peer)) return Limited(context, language, *wait);
  auto fields = web::Form::Read(context.request);
  if (!fields) {
    return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  }
  std::vector<std::pair<std::string, std::string>> errors;
  const std::string case_number(Trimmed(fields->Get("case_number")));
  const std::string email(Trimmed(fields->Get("email")));
  if (case_number.empty()) errors.emplace_back("case_number", "minsag_error_case_number");
  if (email.empty() || email.find('@') == std::string::npos) errors.emplace_back("email", "minsag_error_email");
  if (!errors.empty()) {
    return Door(context, language, http::status::bad_request, "minsag_title", "minsag_door_text", &*fields, errors);
  }
  if (auto requested = min_sag_.RequestNewLink(case_number, email); !requested) {
    return Failure(context, language, requested.error());
  }
  // The same answer whether the case and address matched or not.
  return Said(context, http::status::ok, language, "minsag_link_sent_heading", "minsag_link_sent_text");
}

HandlerResult MinSagPages::SignOut(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  auto fields = web::Form::Read(context.request);
  if (*opened && fields && PostIsOurs(*fields, **opened)) {
    if (auto ended = min_sag_.End((*opened)->token); !ended) return Failure(context, language, ended.error());
    // Signed in with MitID: that ends too, not only its cookie.
    if (const auto signed_in = CitizenTokenCookie(context, kMitidCookie); signed_in && mitid_ != nullptr) {
      if (auto ended = mitid_->End(*signed_in, ""); !ended) return Failure(context, language, ended.error());
    }
  } else if (*opened) {
    return Said(context, http::status::forbidden, language, "expired_heading", "minsag_expired_text");
  }
  Response response = Said(context, http::status::ok, language, "minsag_signed_out_heading", "minsag_signed_out_text");
  response.insert(http::field::set_cookie, door_.Cookie(kMinSagCookie, "", kMinSagPath, std::chrono::seconds(0)));
  response.insert(http::field::set_cookie, door_.Cookie(kMitidCookie, "", kMinSagPath, std::chrono::seconds(0)));
  return response;
}

HandlerResult MinSagPages::Letter(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  if (!*opened) return Ended(context, language);
  auto pdf = min_sag_.LetterPdf((*opened)->complaint_id, context.path.at("letter"));
  if (!pdf) return Failure(context, language, pdf.error());
  if (!*pdf) {
    return Said(context, http::status::not_found, language, "not_found_heading", "not_found_text");
  }
  return Private(web::LetterPdfResponse(context.request, std::move(**pdf), "brev-" + context.path.at("letter")));
}

HandlerResult MinSagPages::Document(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto opened = SessionOf(context);
  if (!opened) return Failure(context, language, opened.error());
  if (!*opened) return Ended(context, language);
  auto download = min_sag_.Document((*opened)->complaint_id, context.path.at("document"));
  if (!download) return Failure(context, language, download.error());
  if (!*download) {
    return Said(context, http::status::not_found, language, "not_found_heading", "not_found_text");
  }
  auto response = DocumentDownloadResponse(context, std::move(**download));
  if (!response) return response;
  return Private(std::move(*response));
}

}  // namespace

void AddMinSagPages(HttpApi& api, const CitizenDoor& door, service::MinSagService& min_sag, const Clock& clock,
                    std::function<std::string(const std::string&)> department_name,
                    service::CitizenMitidService* mitid) {
  auto pages = std::make_shared<MinSagPages>(door, min_sag, clock, std::move(department_name), mitid);
  const auto page = [&api, pages](http::verb verb, std::string pattern,
                                  HandlerResult (MinSagPages::*handler)(const RequestContext&) const) {
    api.Add(verb, std::move(pattern),
            Endpoint{[pages, handler](const RequestContext& context) { return ((*pages).*handler)(context); },
                     /*page=*/true});
  };
  page(http::verb::get, "/min-sag", &MinSagPages::Show);
  page(http::verb::get, "/min-sag/adgang/{token}", &MinSagPages::OpenLink);
  page(http::verb::post, "/min-sag/besked", &MinSagPages::Write);
  page(http::verb::post, "/min-sag/nyt-link", &MinSagPages::NewLink);
  // A document's body is spooled to disk as it arrives, within the
  // office's file limit, never held in memory.
  Endpoint upload{[pages](const RequestContext& context) { return pages->Upload(context); }, /*page=*/true};
  upload.spools_body = true;
  upload.admit_upload = [pages](const Request& header, std::string_view) { return pages->AdmitsUpload(header); };
  api.Add(http::verb::post, "/min-sag/dokumenter", std::move(upload));
  page(http::verb::post, "/min-sag/log-ud", &MinSagPages::SignOut);
  page(http::verb::get, "/min-sag/breve/{letter}", &MinSagPages::Letter);
  page(http::verb::get, "/min-sag/dokumenter/{document}", &MinSagPages::Document);
}

}  // namespace ombudsflow::api::citizen
