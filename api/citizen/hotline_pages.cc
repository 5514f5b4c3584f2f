// The discrimination hotline's public door (/diskrimination): what the
// hotline is, a form on the same page (anonymous if the citizen wants),
// and a receipt. The contact opens a case on the hotline's own workflow,
// once however often the form is sent.
#include "api/citizen/citizen_door.h"
#include "api/cookies.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/citizen_tokens.h"
#include "engine/service/hotline_form_service.h"

namespace ombudsflow::api::citizen {
namespace {

using service::HotlineFormService;

constexpr std::string_view kPath = "/diskrimination";
constexpr std::string_view kFormCookie = "ombudsflow_diskrimination";
constexpr std::chrono::hours kFormLifetime{2};

class HotlinePages {
 public:
  HotlinePages(const CitizenDoor& door, HotlineFormService& hotline) : door_(door), hotline_(hotline) {}

  HandlerResult Form(const RequestContext& context) const;
  HandlerResult Send(const RequestContext& context) const;
  HandlerResult Receipt(const RequestContext& context) const;

 private:
  const CitizenTexts& texts() const { return door_.texts(); }
  using Errors = std::vector<std::pair<std::string, std::string>>;
  Response FormPage(const RequestContext& context, std::string_view language, http::status status,
                    const std::string& token, const web::Form* posted, const Errors& errors) const;
  Response Said(const RequestContext& context, http::status status, std::string_view language,
                std::string_view heading_key, std::string_view text_key) const {
    return door_.Message(context, status, language, heading_key, text_key, kPath, "hl_back");
  }
  std::optional<std::string> FormToken(const RequestContext& context) const {
    return CitizenTokenCookie(context, kFormCookie);
  }

  const CitizenDoor& door_;
  HotlineFormService& hotline_;
};

Response HotlinePages::FormPage(const RequestContext& context, std::string_view language, http::status status,
                                const std::string& token, const web::Form* posted, const Errors& errors) const {
  Data data = door_.PageData(kPath, language);
  data.set("privacy", texts().Text(language, "hl_privacy"));
  data.set("csrf", HotlineFormService::CsrfOf(token));
  for (const char* field : {"subject", "description", "name", "email", "phone"}) {
    data.set(field, posted == nullptr ? std::string() : posted->Get(field));
  }
  // Needs, as the complaint form asks them.
  const std::string chosen = posted == nullptr ? std::string() : posted->Get("interpreter_language");
  data.set("needs_interpreter", posted != nullptr && posted->Get("needs_interpreter") == "true");
  data.set("easy_read", posted != nullptr && posted->Get("easy_read") == "true");
  data.set("interpreter_languages", InterpreterLanguageOptions(texts(), language, chosen));
  SetFieldErrors(data, errors);
  Response response = door_.Render(context, status, "hotline_form", std::move(data), texts().Text(language, "hl_title"));
  response.insert(http::field::set_cookie, door_.Cookie(kFormCookie, token, kPath, kFormLifetime));
  door_.RememberLanguage(context, response, language);
  response.set(http::field::cache_control, "private, no-store");
  return response;
}

HandlerResult HotlinePages::Form(const RequestContext& context) const {
  return FormPage(context, door_.LanguageOf(context), http::status::ok, service::NewCitizenToken(), nullptr, {});
}

HandlerResult HotlinePages::Send(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto fields = web::Form::Read(context.request);
  if (!fields) return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  const auto token = FormToken(context);
  if (!token || !SameSecret(fields->Get("_csrf"), HotlineFormService::CsrfOf(*token))) {
    return Said(context, http::status::forbidden, language, "expired_heading", "hl_expired_text");
  }
  if (!fields->Get("website").empty()) {
    return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
  }
  if (const auto wait = hotline_.TakeSend(context.peer)) {
    Response response = Said(context, http::status::too_many_requests, language, "limit_heading", "hl_limit_text");
    response.set(http::field::retry_after, std::to_string(wait->count()));
    return response;
  }
  service::HotlineForm form{.subject = fields->Get("subject"),
                            .description = fields->Get("description"),
                            .name = fields->Get("name"),
                            .email = fields->Get("email"),
                            .phone = fields->Get("phone"),
                            .language = language,
                            .needs_interpreter = fields->Get("needs_interpreter") == "true",
                            .interpreter_language = fields->Get("interpreter_language"),
                            .easy_read = fields->Get("easy_read") == "true"};
  auto receipt = hotline_.Send(*token, form);
  if (receipt) return web::SeeOther(context.request, std::string(kPath) + "/kvittering");
  const Error& error = receipt.error();
  if (error.code != ErrorCode::kInvalidArgument || error.field_violations.empty()) {
    const bool busy = error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kResourceExhausted;
    if (error.code == ErrorCode::kInvalidArgument) {
      return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
    }
    return Said(context, busy ? http::status::service_unavailable : http::status::internal_server_error, language,
                "failure_heading", "failure_text");
  }
  Errors errors;
  for (const FieldViolation& violation : error.field_violations) {
    // "caller.email" is the form's "email".
    const std::string field =
        violation.field.starts_with("caller.") ? violation.field.substr(std::string_view("caller.").size()) : violation.field;
    const std::string key = "hl_error_" + field + "_" + violation.reason;
    errors.emplace_back(field, texts().HasKey(key) ? texts().Text(language, key) : texts().Text(language, "hl_error_invalid"));
  }
  return FormPage(context, language, http::status::bad_request, *token, &*fields, errors);
}

HandlerResult HotlinePages::Receipt(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  const auto token = FormToken(context);
  if (!token) return web::SeeOther(context.request, std::string(kPath));
  auto receipt = hotline_.Receipt(*token);
  if (!receipt) {
    return Said(context, http::status::internal_server_error, language, "failure_heading", "failure_text");
  }
  if (!*receipt) return web::SeeOther(context.request, std::string(kPath));
  Data data = door_.PageData(std::string(kPath) + "/kvittering", language);
  data.set("privacy", texts().Text(language, "hl_privacy"));
  data.set("case_number", (*receipt)->case_number);
  data.set("reachable", (*receipt)->reachable);
  Response response = door_.Render(context, http::status::ok, "hotline_receipt", std::move(data),
                                   texts().Text(language, "hl_receipt_title"));
  response.set(http::field::cache_control, "private, no-store");
  return response;
}

}  // namespace

void AddHotlinePages(HttpApi& api, const CitizenDoor& door, service::HotlineFormService& hotline) {
  auto pages = std::make_shared<HotlinePages>(door, hotline);
  const auto page = [&api, pages](http::verb verb, std::string pattern,
                                  HandlerResult (HotlinePages::*handler)(const RequestContext&) const) {
    api.Add(verb, std::move(pattern),
            Endpoint{[pages, handler](const RequestContext& context) { return ((*pages).*handler)(context); },
                     /*page=*/true});
  };
  page(http::verb::get, "/diskrimination", &HotlinePages::Form);
  page(http::verb::post, "/diskrimination", &HotlinePages::Send);
  page(http::verb::get, "/diskrimination/kvittering", &HotlinePages::Receipt);
}

}  // namespace ombudsflow::api::citizen
