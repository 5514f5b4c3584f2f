// Signing in with MitID, through the municipality's OpenID Connect broker.
// From the complaint form, so that the case is recorded as the citizen's;
// at Min sag's door, to find one's cases without an e-mail link. One
// callback serves both: the sign-in under way says which it was for.
#include "api/citizen/citizen_door.h"
#include "api/cookies.h"
#include "api/web/form.h"
#include "api/web/workplace.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::api::citizen {
namespace {

using service::CitizenMitidService;
using service::MitidOutcome;

// The cookie that binds a sign-in to the browser that began it, for the
// callback alone.
constexpr std::string_view kBindingCookie = "ombudsflow_mitid_login";
constexpr std::string_view kCallbackPath = "/mitid";
constexpr std::string_view kMinSagPath = "/min-sag";
constexpr std::string_view kCasesPath = "/min-sag/mine-sager";
constexpr std::string_view kAboutYouPath = "/klage/dig";

class MitidPages {
 public:
  MitidPages(const CitizenDoor& door, CitizenMitidService* mitid, std::chrono::seconds session_idle)
      : door_(door), mitid_(mitid), session_idle_(session_idle) {}

  HandlerResult FromForm(const RequestContext& context) const;
  HandlerResult AtMinSag(const RequestContext& context) const;
  HandlerResult Callback(const RequestContext& context) const;
  HandlerResult Cases(const RequestContext& context) const;
  HandlerResult OpenCase(const RequestContext& context) const;
  HandlerResult SignOut(const RequestContext& context) const;

 private:
  const CitizenTexts& texts() const { return door_.texts(); }
  Response NotHere(const RequestContext& context) const {
    return door_.Message(context, http::status::not_found, door_.LanguageOf(context), "not_found_heading",
                         "not_found_text");
  }
  // To the broker, with the cookie that binds the sign-in to this browser.
  Response ToBroker(const RequestContext& context, const service::OidcClient::Redirect& redirect) const {
    Response response = web::SeeOther(context.request, redirect.url);
    response.insert(http::field::set_cookie,
                    door_.Cookie(kBindingCookie, redirect.browser_binding, kCallbackPath, std::chrono::minutes(10)));
    return Private(std::move(response));
  }
  Response Failure(const RequestContext& context, std::string_view language, const Error& error,
                   std::string_view back) const {
    const bool unavailable = error.code == ErrorCode::kUnavailable;
    return Private(door_.Message(context, unavailable ? http::status::service_unavailable : http::status::bad_request,
                                 language, unavailable ? "mitid_unavailable_heading" : "mitid_failed_heading",
                                 unavailable ? "mitid_unavailable_text" : "mitid_failed_text", back,
                                 back == kMinSagPath ? "minsag_back" : "message_back"));
  }
  Response Internal(const RequestContext& context, std::string_view language) const {
    return Private(door_.Message(context, http::status::internal_server_error, language, "failure_heading",
                                 "failure_text", kMinSagPath, "minsag_back"));
  }
  std::string SignedInCookie(std::string_view token) const {
    return door_.Cookie(kMitidCookie, token, kMinSagPath,
                        token.empty() ? std::chrono::seconds(0)
                                      : std::chrono::duration_cast<std::chrono::seconds>(mitid_->settings().session));
  }
  std::string MinSagCookie(std::string_view token) const {
    return door_.Cookie(kMinSagCookie, token, kMinSagPath, token.empty() ? std::chrono::seconds(0) : session_idle_);
  }

  const CitizenDoor& door_;
  CitizenMitidService* mitid_;
  std::chrono::seconds session_idle_;
};

HandlerResult MitidPages::FromForm(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  const std::string language = door_.LanguageOf(context);
  // A link, not a form: a page's form-action policy would stop a post's
  // redirect to the broker. Another site's link can only send a citizen
  // to sign in as themselves, to their own draft.
  const auto draft = CitizenTokenCookie(context, kFormCookie);
  if (!draft) return door_.Message(context, http::status::forbidden, language, "expired_heading", "expired_text");
  auto redirect = mitid_->BeginForForm(*draft);
  if (!redirect) return Failure(context, language, redirect.error(), kAboutYouPath);
  return ToBroker(context, *redirect);
}

HandlerResult MitidPages::AtMinSag(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  auto redirect = mitid_->BeginForMinSag();
  if (!redirect) return Failure(context, door_.LanguageOf(context), redirect.error(), kMinSagPath);
  return ToBroker(context, *redirect);
}

HandlerResult MitidPages::Callback(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  const std::string language = door_.LanguageOf(context);
  const auto param = [&](const char* name) {
    auto it = context.query.find(name);
    return it == context.query.end() ? std::string() : it->second;
  };
  const auto binding = CookieValue(context.request[http::field::cookie], kBindingCookie);
  // A citizen who cancelled at the broker comes back with `error` and no
  // code: refused like any other failure, and the sign-in is used up.
  auto outcome = mitid_->Complete(param("code"), param("state"), std::string(binding.value_or("")));
  if (!outcome) {
    Response response = Failure(context, language, outcome.error(), kMinSagPath);
    response.insert(http::field::set_cookie, door_.Cookie(kBindingCookie, "", kCallbackPath, std::chrono::seconds(0)));
    return response;
  }
  Response response;
  if (outcome->door == MitidOutcome::Door::kForm) {
    if (outcome->form_linked) {
      response = web::SeeOther(context.request, std::string(kAboutYouPath));
      // The draft moved to a new token with the person's identity.
      response.insert(http::field::set_cookie,
                      door_.Cookie(kFormCookie, outcome->form_token, "/klage", outcome->form_lifetime));
    } else {
      response = door_.Message(context, http::status::gone, language, "expired_heading", "expired_text");
    }
  } else if (outcome->cases == 0) {
    response = Private(door_.Message(context, http::status::ok, language, "mitid_no_cases_heading",
                                     "mitid_no_cases_text", kMinSagPath, "minsag_back"));
  } else {
    response = web::SeeOther(context.request, std::string(outcome->opened ? kMinSagPath : kCasesPath));
    response.insert(http::field::set_cookie, SignedInCookie(outcome->mitid_token));
    if (outcome->opened) response.insert(http::field::set_cookie, MinSagCookie(outcome->opened->token));
  }
  response.insert(http::field::set_cookie, door_.Cookie(kBindingCookie, "", kCallbackPath, std::chrono::seconds(0)));
  return Private(std::move(response));
}

HandlerResult MitidPages::Cases(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  const std::string language = door_.LanguageOf(context);
  const auto token = CitizenTokenCookie(context, kMitidCookie);
  auto cases = token ? mitid_->Cases(*token) : Result<std::optional<std::vector<service::CitizenCaseSummary>>>();
  if (!cases) return Internal(context, language);
  if (!*cases) {
    return Private(door_.Message(context, http::status::unauthorized, language, "mitid_ended_heading",
                                 "mitid_ended_text", kMinSagPath, "minsag_back"));
  }
  Data data = door_.PageData(kCasesPath, language);
  data.set("csrf", CitizenMitidService::CsrfOf(*token));
  data.set("sign_out", std::string(kCasesPath) + "/log-ud");
  Data list{Data::type::list};
  for (const service::CitizenCaseSummary& each : **cases) {
    Data entry{Data::type::object};
    entry.set("action", std::string(kCasesPath) + "/" + each.complaint_id);
    entry.set("case_number", each.case_number);
    entry.set("subject", each.subject);
    entry.set("stage", texts().Text(language, "stage_" + each.stage));
    entry.set("received", Filled(texts().Text(language, "mitid_case_received"),
                                 {{"date", WrittenDate(texts(), language, each.received_on)}}));
    list.push_back(entry);
  }
  data.set("cases", list);
  return Private(door_.Render(context, http::status::ok, "mitid_cases", std::move(data),
                              texts().Text(language, "mitid_cases_heading")));
}

HandlerResult MitidPages::OpenCase(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  const std::string language = door_.LanguageOf(context);
  const auto token = CitizenTokenCookie(context, kMitidCookie);
  auto fields = web::Form::Read(context.request);
  if (!fields) return door_.Message(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  if (!token || !SameSecret(fields->Get("_csrf"), CitizenMitidService::CsrfOf(*token))) {
    return Private(door_.Message(context, http::status::forbidden, language, "mitid_ended_heading",
                                 "mitid_ended_text", kMinSagPath, "minsag_back"));
  }
  auto opened = mitid_->Open(*token, context.path.at("case"));
  if (!opened) return Internal(context, language);
  // Not theirs, or signed in no longer: one answer.
  if (!*opened) {
    return Private(door_.Message(context, http::status::not_found, language, "not_found_heading",
                                 "not_found_text", kCasesPath, "mitid_back_to_cases"));
  }
  Response response = web::SeeOther(context.request, std::string(kMinSagPath));
  response.insert(http::field::set_cookie, MinSagCookie((*opened)->token));
  return Private(std::move(response));
}

HandlerResult MitidPages::SignOut(const RequestContext& context) const {
  if (mitid_ == nullptr) return NotHere(context);
  const std::string language = door_.LanguageOf(context);
  const auto token = CitizenTokenCookie(context, kMitidCookie);
  auto fields = web::Form::Read(context.request);
  if (!fields) return door_.Message(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
  if (token) {
    if (!SameSecret(fields->Get("_csrf"), CitizenMitidService::CsrfOf(*token))) {
      return Private(door_.Message(context, http::status::forbidden, language, "expired_heading",
                                   "minsag_expired_text", kMinSagPath, "minsag_back"));
    }
    const auto open = CitizenTokenCookie(context, kMinSagCookie);
    if (auto ended = mitid_->End(*token, open.value_or("")); !ended) return Internal(context, language);
  }
  Response response = Private(door_.Message(context, http::status::ok, language, "minsag_signed_out_heading",
                                            "minsag_signed_out_text", kMinSagPath, "minsag_back"));
  response.insert(http::field::set_cookie, SignedInCookie(""));
  response.insert(http::field::set_cookie, MinSagCookie(""));
  return response;
}

}  // namespace

void AddMitidPages(HttpApi& api, const CitizenDoor& door, service::CitizenMitidService* mitid,
                   std::chrono::seconds min_sag_session_idle) {
  auto pages = std::make_shared<MitidPages>(door, mitid, min_sag_session_idle);
  const auto page = [&api, pages](http::verb verb, std::string pattern,
                                  HandlerResult (MitidPages::*handler)(const RequestContext&) const) {
    api.Add(verb, std::move(pattern),
            Endpoint{[pages, handler](const RequestContext& context) { return ((*pages).*handler)(context); },
                     /*page=*/true});
  };
  page(http::verb::get, "/klage/mitid", &MitidPages::FromForm);
  page(http::verb::get, "/min-sag/mitid", &MitidPages::AtMinSag);
  page(http::verb::get, "/mitid/callback", &MitidPages::Callback);
  page(http::verb::get, "/min-sag/mine-sager", &MitidPages::Cases);
  // Before {case}, which would take it.
  page(http::verb::post, "/min-sag/mine-sager/log-ud", &MitidPages::SignOut);
  page(http::verb::post, "/min-sag/mine-sager/{case}", &MitidPages::OpenCase);
}

}  // namespace ombudsflow::api::citizen
