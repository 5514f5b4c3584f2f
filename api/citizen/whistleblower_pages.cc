// The whistleblower channel (/whistleblower): the scheme explained, the
// report form, the receipt with its code, and signing in with code and
// password to the report's page, which is Min sag's. The channel keeps
// no address and no browser: the rate limits hold a keyed address in
// memory for a minute, and nothing here writes one.
#include "api/citizen/citizen_door.h"
#include "api/cookies.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/text.h"
#include "engine/service/citizen_tokens.h"
#include "engine/service/password_hasher.h"
#include "engine/service/whistleblower_service.h"

namespace ombudsflow::api::citizen {
namespace {

using service::WhistleblowerService;

constexpr std::string_view kPath = "/whistleblower";
// The form's token: the report it sends is named by it, so a form sent
// twice is one report, and the receipt shows the same code.
constexpr std::string_view kFormCookie = "ombudsflow_whistleblower";
// The sign-in form's own token (a double-submitted cookie): another site
// cannot sign a browser in to a report of its choosing.
constexpr std::string_view kSignInCookie = "ombudsflow_whistleblower_login";

class WhistleblowerPages {
 public:
  WhistleblowerPages(const CitizenDoor& door, WhistleblowerService& channel, std::chrono::seconds session_idle)
      : door_(door), channel_(channel), session_idle_(session_idle) {}

  HandlerResult Start(const RequestContext& context) const;
  HandlerResult Form(const RequestContext& context) const;
  HandlerResult Send(const RequestContext& context) const;
  HandlerResult Receipt(const RequestContext& context) const;
  HandlerResult SignIn(const RequestContext& context) const;

 private:
  const CitizenTexts& texts() const { return door_.texts(); }
  // A channel page's data: the door's, with the channel's own footer.
  Data ChannelData(std::string_view path, std::string_view language) const {
    Data data = door_.PageData(path, language);
    data.set("privacy", texts().Text(language, "wb_privacy"));
    return data;
  }
  using Errors = std::vector<std::pair<std::string, std::string>>;  // field, message
  // The start page with the sign-in form, whose token is `token`.
  Response StartPage(const RequestContext& context, std::string_view language, http::status status,
                     const std::string& token, const std::string& code, const Errors& errors) const;
  // The report form, holding what `posted` typed (never its passwords),
  // with `errors` at their fields and `notice_key`'s text above them.
  Response FormPage(const RequestContext& context, std::string_view language, http::status status,
                    const std::string& token, const web::Form* posted, const Errors& errors,
                    std::string_view notice_key = {}) const;
  Response Said(const RequestContext& context, http::status status, std::string_view language,
                std::string_view heading_key, std::string_view text_key) const {
    return Private(door_.Message(context, status, language, heading_key, text_key, kPath, "wb_back"));
  }
  Response Failure(const RequestContext& context, std::string_view language, const Error& error) const {
    const bool busy = error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kResourceExhausted;
    Response response = Said(context, busy ? http::status::service_unavailable : http::status::internal_server_error,
                             language, "failure_heading", "failure_text");
    if (busy) response.set(http::field::retry_after, "1");
    return response;
  }
  Response Limited(const RequestContext& context, std::string_view language, std::chrono::seconds wait) const {
    Response response = Said(context, http::status::too_many_requests, language, "limit_heading", "wb_limit_text");
    response.set(http::field::retry_after, std::to_string(wait.count()));
    return response;
  }
  std::optional<std::string> FormToken(const RequestContext& context) const {
    return CitizenTokenCookie(context, kFormCookie);
  }

  const CitizenDoor& door_;
  WhistleblowerService& channel_;
  std::chrono::seconds session_idle_;
};

Response WhistleblowerPages::StartPage(const RequestContext& context, std::string_view language, http::status status,
                                       const std::string& token, const std::string& code, const Errors& errors) const {
  Data data = ChannelData(kPath, language);
  data.set("code", code);
  data.set("csrf", WhistleblowerService::CsrfOf(token));
  SetFieldErrors(data, errors);
  Response response = door_.Render(context, status, "whistleblower_start", std::move(data), texts().Text(language, "wb_title"));
  response.insert(http::field::set_cookie, door_.SessionCookie(kSignInCookie, token, kPath));
  door_.RememberLanguage(context, response, language);
  return Private(std::move(response));
}

Response WhistleblowerPages::FormPage(const RequestContext& context, std::string_view language, http::status status,
                                      const std::string& token, const web::Form* posted, const Errors& errors,
                                      std::string_view notice_key) const {
  Data data = ChannelData(std::string(kPath) + "/indberet", language);
  data.set("csrf", WhistleblowerService::CsrfOf(token));
  // What was typed comes back to be mended; the passwords never do.
  for (const char* field : {"concerns", "what", "name", "contact"}) {
    data.set(field, posted == nullptr ? std::string() : posted->Get(field));
  }
  data.set("identified", posted != nullptr && posted->Get("identified") == "ja");
  if (!notice_key.empty()) data.set("notice", texts().Text(language, notice_key));
  SetFieldErrors(data, errors);
  Response response =
      door_.Render(context, status, "whistleblower_report", std::move(data), texts().Text(language, "wb_report_title"));
  // Gone when the browser closes, and once its receipt has been shown.
  response.insert(http::field::set_cookie, door_.SessionCookie(kFormCookie, token, kPath));
  door_.RememberLanguage(context, response, language);
  return Private(std::move(response));
}

HandlerResult WhistleblowerPages::Start(const RequestContext& context) const {
  const auto token = CitizenTokenCookie(context, kSignInCookie);
  return StartPage(context, door_.LanguageOf(context), http::status::ok, token ? *token : service::NewCitizenToken(), "",
                   {});
}

HandlerResult WhistleblowerPages::Form(const RequestContext& context) const {
  // A new form, a new report: the token the last one was sent with names
  // that report, whose receipt was shown.
  return FormPage(context, door_.LanguageOf(context), http::status::ok, service::NewCitizenToken(), nullptr, {});
}

HandlerResult WhistleblowerPages::Send(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto fields = web::Form::Read(context.request);
  if (!fields) return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  const auto token = FormToken(context);
  if (!token || !SameSecret(fields->Get("_csrf"), WhistleblowerService::CsrfOf(*token))) {
    // Nothing typed is lost: the form comes back with it, under a new token.
    // Only a post from our own page gets its text back: another site's must
    // not make this one show words of its choosing.
    const bool ours = context.request["Sec-Fetch-Site"] == "same-origin";
    return FormPage(context, language, http::status::forbidden, service::NewCitizenToken(), ours ? &*fields : nullptr,
                    {}, "wb_expired_text");
  }
  // A robot fills in the field no person sees.
  if (!fields->Get("website").empty()) {
    return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
  }
  // Counted once it is a form of ours: what costs is a report's checks,
  // its password's hash and its rows.
  if (const auto wait = channel_.TakeReport(context.peer)) {
    Response response =
        FormPage(context, language, http::status::too_many_requests, *token, &*fields, {}, "wb_limit_text");
    response.set(http::field::retry_after, std::to_string(wait->count()));
    return response;
  }
  service::WhistleblowerForm form{.concerns = fields->Get("concerns"),
                                  .what = fields->Get("what"),
                                  .identified = fields->Get("identified") == "ja",
                                  .name = fields->Get("name"),
                                  .contact = fields->Get("contact"),
                                  .password = fields->Get("password"),
                                  .password_again = fields->Get("password_again")};
  auto receipt = channel_.Report(*token, form);
  if (receipt) return Private(web::SeeOther(context.request, std::string(kPath) + "/kvittering"));
  const Error& error = receipt.error();
  if (error.code != ErrorCode::kInvalidArgument || error.field_violations.empty()) {
    if (error.code == ErrorCode::kInvalidArgument) {
      return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
    }
    const bool busy = error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kResourceExhausted;
    Response response = FormPage(context, language,
                                 busy ? http::status::service_unavailable : http::status::internal_server_error,
                                 *token, &*fields, {}, "wb_failed_text");
    if (busy) response.set(http::field::retry_after, "1");
    return response;
  }
  Errors errors;
  for (const FieldViolation& violation : error.field_violations) {
    const std::string key = "wb_error_" + violation.field + "_" + violation.reason;
    errors.emplace_back(violation.field, texts().HasKey(key) ? texts().Text(language, key)
                                                             : texts().Text(language, "wb_error_invalid"));
  }
  return FormPage(context, language, http::status::bad_request, *token, &*fields, errors);
}

HandlerResult WhistleblowerPages::Receipt(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  const auto token = FormToken(context);
  if (!token) return Private(web::SeeOther(context.request, std::string(kPath)));
  auto receipt = channel_.Receipt(*token);
  if (!receipt) return Failure(context, language, receipt.error());
  if (!*receipt) return Private(web::SeeOther(context.request, std::string(kPath)));
  Data data = ChannelData(std::string(kPath) + "/kvittering", language);
  data.set("code", (*receipt)->code);
  data.set("case_number", (*receipt)->case_number);
  data.set("acknowledge_by",
           (*receipt)->acknowledge_by ? WrittenDate(texts(), language, *(*receipt)->acknowledge_by) : std::string());
  Response response = door_.Render(context, http::status::ok, "whistleblower_receipt", std::move(data),
                                   texts().Text(language, "wb_receipt_title"));
  // Shown once: the next person at this computer finds no code here.
  response.insert(http::field::set_cookie, door_.Cookie(kFormCookie, "", kPath, std::chrono::seconds(0)));
  return Private(std::move(response));
}

HandlerResult WhistleblowerPages::SignIn(const RequestContext& context) const {
  const std::string language = door_.LanguageOf(context);
  auto fields = web::Form::Read(context.request);
  if (!fields) return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  // Another site may not sign a browser in to a report of its choosing: the
  // form carries the token its page set.
  const auto token = CitizenTokenCookie(context, kSignInCookie);
  if (!token || !SameSecret(fields->Get("_csrf"), WhistleblowerService::CsrfOf(*token)) ||
      context.request["Sec-Fetch-Site"] == "cross-site") {
    return StartPage(context, language, http::status::forbidden, service::NewCitizenToken(), "",
                     {{"code", texts().Text(language, "wb_sign_in_expired")}});
  }
  if (const auto wait = channel_.TakeSignIn(context.peer)) return Limited(context, language, *wait);
  const std::string code(Trimmed(fields->Get("code")));
  const std::string password = fields->Get("password");
  Errors errors;
  if (code.empty()) errors.emplace_back("code", texts().Text(language, "wb_error_code"));
  if (password.empty()) errors.emplace_back("password", texts().Text(language, "wb_error_password"));
  if (!errors.empty()) return StartPage(context, language, http::status::bad_request, *token, code, errors);
  auto signed_in = channel_.SignIn(code, password);
  if (!signed_in) return Failure(context, language, signed_in.error());
  if (signed_in->locked_for) {
    const auto minutes = std::chrono::ceil<std::chrono::minutes>(*signed_in->locked_for).count();
    Data data = ChannelData(kPath, language);
    data.set("back", std::string(kPath));
    data.set("back_label", texts().Text(language, "wb_back"));
    data.set("heading", texts().Text(language, "wb_locked_heading"));
    // Beyond two hours (a lock that has doubled a few times), in hours.
    const auto hours = (minutes + 59) / 60;
    data.set("text", minutes > 120 ? Filled(texts().Text(language, "wb_locked_text_hours"),
                                            {{"hours", std::to_string(hours)}})
                                   : Filled(texts().Text(language, "wb_locked_text"),
                                            {{"minutes", std::to_string(minutes)}}));
    Response response = door_.Render(context, http::status::too_many_requests, "message", std::move(data),
                                     texts().Text(language, "wb_locked_heading"));
    response.set(http::field::retry_after, std::to_string(signed_in->locked_for->count()));
    return Private(std::move(response));
  }
  if (!signed_in->session) {
    // A wrong code and a wrong password: one answer.
    return StartPage(context, language, http::status::unauthorized, *token, code,
                     {{"code", texts().Text(language, "wb_error_sign_in")}});
  }
  Response response = web::SeeOther(context.request, "/min-sag");
  response.insert(http::field::set_cookie, door_.Cookie(kMinSagCookie, signed_in->session->token, "/min-sag", session_idle_));
  return Private(std::move(response));
}

}  // namespace

void AddWhistleblowerPages(HttpApi& api, const CitizenDoor& door, service::WhistleblowerService& channel,
                           std::chrono::seconds session_idle) {
  auto pages = std::make_shared<WhistleblowerPages>(door, channel, session_idle);
  const auto page = [&api, pages](http::verb verb, std::string pattern,
                                  HandlerResult (WhistleblowerPages::*handler)(const RequestContext&) const) {
    api.Add(verb, std::move(pattern),
            Endpoint{[pages, handler](const RequestContext& context) { return ((*pages).*handler)(context); },
                     /*page=*/true});
  };
  page(http::verb::get, "/whistleblower", &WhistleblowerPages::Start);
  page(http::verb::get, "/whistleblower/indberet", &WhistleblowerPages::Form);
  page(http::verb::post, "/whistleblower/indberet", &WhistleblowerPages::Send);
  page(http::verb::get, "/whistleblower/kvittering", &WhistleblowerPages::Receipt);
  page(http::verb::post, "/whistleblower/log-ind", &WhistleblowerPages::SignIn);
}

}  // namespace ombudsflow::api::citizen
