#pragma once

#include <kainjow/mustache.hpp>

#include <map>
#include <string>
#include <string_view>

#include "api/citizen/citizen_texts.h"
#include "engine/core/base/time.h"
#include "engine/core/letters/letter_data.h"
#include "api/http_api.h"
#include "api/web/page_templates.h"
#include "api/web/static_assets.h"
#include "engine/service/citizen_mitid_service.h"
#include "engine/service/complaint_form_service.h"
#include "engine/service/min_sag_service.h"
#include "engine/service/whistleblower_service.h"
#include "engine/service/hotline_form_service.h"
#include "engine/service/newsletter_service.h"
#include "engine/service/survey_service.h"
#include "engine/service/publication_service.h"
#include "ombudsflow/v1/contacts.pb.h"

namespace ombudsflow::api::citizen {

using Data = kainjow::mustache::data;

/// The cookie that holds a complaint form's draft token (Path=/klage).
inline constexpr std::string_view kFormCookie = "ombudsflow_klage";
/// The cookie that holds a Min sag session's token (Path=/min-sag).
inline constexpr std::string_view kMinSagCookie = "ombudsflow_min_sag";
/// The cookie of a browser signed in with MitID at Min sag, naming the
/// person's cases (Path=/min-sag).
inline constexpr std::string_view kMitidCookie = "ombudsflow_mitid";
/// The cookie that keeps the language a citizen chose (Path=/).
inline constexpr std::string_view kLanguageCookie = "ombudsflow_borger_sprog";

struct CitizenDoorOptions {
  bool secure_cookies = false;
  // The office as its pages name it for contact; null: none named.
  const LetterOffice* office = nullptr;
  // Whether citizens can sign in with MitID (serve --citizen-oidc-issuer):
  // the pages offer it then.
  bool mitid = false;
};

/// What the citizens' pages share: their texts in every language, their
/// templates (templates/citizen, with a layout of their own: no
/// workplace, no sign-in), the static files, and how a page becomes a
/// response with the workplace's security headers.
class CitizenDoor {
 public:
  CitizenDoor(const CitizenTexts& texts, const web::PageTemplates& templates, const web::StaticAssets& assets,
              CitizenDoorOptions options)
      : texts_(texts), templates_(templates), assets_(assets), options_(options) {}

  /// The page's language: `?sprog=` when loaded, else the chosen one (its
  /// cookie), else `fallback` when given, else Accept-Language's.
  [[nodiscard]] std::string LanguageOf(const RequestContext& context, std::string_view fallback = {}) const;

  /// The data every page starts from: texts, language, links to the page
  /// at `path` (a route of ours, never the request's own) in the other
  /// languages, static files, the office's contact.
  [[nodiscard]] Data PageData(std::string_view path, std::string_view language) const;

  /// `page` in the layout, titled `title` (with the error prefix when the
  /// data has errors).
  [[nodiscard]] Response Render(const RequestContext& context, http::status status, std::string_view page,
                                Data data, const std::string& title) const;

  /// A page that only says something (a refusal, an error), with `status`
  /// and a way on to `back`.
  [[nodiscard]] Response Message(const RequestContext& context, http::status status, std::string_view language,
                                 std::string_view heading_key, std::string_view text_key,
                                 std::string_view back = "/klage", std::string_view back_key = "message_back") const;

  /// A Set-Cookie value that lasts while the browser is open: HttpOnly,
  /// SameSite=Lax, Secure when configured.
  [[nodiscard]] std::string SessionCookie(std::string_view name, std::string_view value, std::string_view path) const;
  /// A Set-Cookie value: HttpOnly, SameSite=Lax, Secure when configured.
  [[nodiscard]] std::string Cookie(std::string_view name, std::string_view value, std::string_view path,
                                   std::chrono::seconds max_age) const;

  /// When the citizen chose `language` by link (`?sprog=`), a cookie on
  /// `response` keeps it for the pages that follow.
  void RememberLanguage(const RequestContext& context, Response& response, std::string_view language) const;

  [[nodiscard]] const CitizenTexts& texts() const { return texts_; }

 private:
  const CitizenTexts& texts_;
  const web::PageTemplates& templates_;
  const web::StaticAssets& assets_;
  CitizenDoorOptions options_;
};

/// A page that is the citizen's alone (Min sag, a report, a MitID list):
/// never cached, never named to another site.
[[nodiscard]] Response Private(Response response);

/// A page's errors, each (field, message) in the summary's list and as
/// "<field>_error" beside its field.
void SetFieldErrors(Data& data, const std::vector<std::pair<std::string, std::string>>& errors);

/// The citizen token the cookie `name` holds, if it holds one of a token's
/// form.
[[nodiscard]] std::optional<std::string> CitizenTokenCookie(const RequestContext& context, std::string_view name);

/// Whether a posted secret (a form's CSRF token) is the expected one,
/// compared in constant time.
[[nodiscard]] bool SameSecret(std::string_view presented, std::string_view expected);

/// The interpreter's languages a citizen chooses among, named in the
/// page's language, `chosen` selected: the options of a form's list.
[[nodiscard]] Data InterpreterLanguageOptions(const CitizenTexts& texts, std::string_view language,
                                              std::string_view chosen);

/// "{n}" and the like in a text, replaced.
[[nodiscard]] std::string Filled(std::string text,
                                 std::initializer_list<std::pair<std::string_view, std::string>> values);

/// A date written out in the page's language ("5. december 2026").
[[nodiscard]] std::string WrittenDate(const CitizenTexts& texts, std::string_view language, Date date);

/// The public complaint form at /klage and /en/complain.
/// `contacts`: the departments' public contacts by department code, named
/// to a citizen who has not yet given the department the chance to answer.
void AddComplaintFormPages(HttpApi& api, const CitizenDoor& door, service::ComplaintFormService& form,
                           std::map<std::string, v1::PublicContact, std::less<>> contacts);

/// Min sag at /min-sag: the link's door, the case's page, messages to the
/// office, letters and documents. `department_name`: a department's name
/// by its code.
/// `mitid`: when citizens sign in with MitID, "Log ud" ends that sign-in
/// on the server too.
void AddMinSagPages(HttpApi& api, const CitizenDoor& door, service::MinSagService& min_sag, const Clock& clock,
                    std::function<std::string(const std::string&)> department_name,
                    service::CitizenMitidService* mitid = nullptr);

/// The discrimination hotline's public door at /diskrimination: what the
/// hotline is, its form (anonymous if the citizen wants), the receipt.
void AddHotlinePages(HttpApi& api, const CitizenDoor& door, service::HotlineFormService& hotline);

/// The newsletter's public door at /nyhedsbrev: sign-up with double opt-in,
/// the confirmation, one-click unsubscribe (RFC 8058) and the issues; and,
/// for the office's staff, /newsletters/{id}/web, the draft as its page.
void AddNewsletterPages(HttpApi& api, const CitizenDoor& door, service::NewsletterService& newsletter);

/// The satisfaction survey from the link in the mail (api/citizen/survey_pages.cc).
void AddSurveyPages(HttpApi& api, const CitizenDoor& door, service::SurveyService& survey);

/// The Atom feed of published statements and newsletter issues at
/// /feed.atom. `public_url`: where the site is, once the server knows.
void AddAtomFeed(HttpApi& api, service::PublicationService& publications, service::NewsletterService& newsletter,
                 std::function<std::string()> public_url, std::string office_name);

/// Signing in with MitID: from the complaint form (/klage/mitid), at
/// Min sag's door (/min-sag/mitid), the broker's callback (/mitid/callback)
/// and the list of the person's cases (/min-sag/mine-sager). `mitid`: null
/// when not configured; the routes then answer that there is no such page.
/// Registered before the form's pages, whose /klage/{step} would take
/// /klage/mitid.
void AddMitidPages(HttpApi& api, const CitizenDoor& door, service::CitizenMitidService* mitid,
                   std::chrono::seconds min_sag_session_idle);

/// The whistleblower channel at /whistleblower: the scheme, the report
/// form, its receipt, and signing in with code and password to the
/// report's page (Min sag's, whose sessions last `session_idle` unused).
void AddWhistleblowerPages(HttpApi& api, const CitizenDoor& door, service::WhistleblowerService& channel,
                           std::chrono::seconds session_idle);

}  // namespace ombudsflow::api::citizen
