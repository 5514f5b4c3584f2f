#include "api/web/workplace.h"

#include <cstdio>
#include <ctime>

#include "api/cookies.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"
#include "engine/service/session_service.h"

namespace ombudsflow::api::web {
namespace {

// No inline script or style anywhere; images, fonts, scripts and styles
// from this server only; forms post here only; never framed.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

std::tm LocalTime(Timestamp time) {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::system_clock::duration>(time));
  std::tm local{};
  localtime_r(&seconds, &local);  // the office's zone: `serve` sets TZ
  return local;
}

std::string TwoDigits(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

struct NavItem {
  std::string_view href;
  std::string_view key;
};

std::vector<NavItem> NavigationFor(Role role) {
  switch (role) {
    case Role::kCaseworker:
    case Role::kOmbudsman:
    case Role::kDeputy:
      return {{"/", "nav_queues"},
              {"/intake", "nav_intake"},
              {"/office", "nav_office"},
              {"/enquiries", "nav_enquiries"},
              {"/newsletters", "nav_newsletters"},
              {"/press", "nav_press"},
              {"/reports", "nav_reports"},
              {"/workflows", "nav_workflows"}};
    case Role::kDepartment:
      return {{"/department", "nav_department"}};
    case Role::kAdministrator:
      return {{"/workflows", "nav_workflows"},
              {"/admin", "nav_admin"},
              {"/admin/tokens", "nav_tokens"},
              {"/admin/webhooks", "nav_webhooks"},
              {"/newsletters/subscribers", "nav_subscribers"}};
    case Role::kSystem:
      break;
  }
  return {};
}

// The navigation item a path belongs to: the longest whose path it is in
// ("/admin/tokens" rather than "/admin"); the queues for "/" and "/queues".
std::string_view CurrentNavItem(const std::vector<NavItem>& items, std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  std::string_view best;
  for (const NavItem& item : items) {
    const bool within = item.href == "/" ? path == "/" || path.starts_with("/queues")
                                         : path == item.href || path.starts_with(std::string(item.href) + "/");
    if (within && item.href.size() > best.size()) best = item.href;
  }
  return best;
}

// Where the language link comes back to: the page itself when it was got;
// when it answers a posted form (refused, say), the page the form was on,
// as the browser's Referer names it; there is no getting a form's answer.
std::string LanguageLinkTarget(const Request& request) {
  if (request.method() == http::verb::get) return std::string(request.target());
  const std::string_view referer = request[http::field::referer];
  const std::size_t scheme = referer.find("://");
  const std::size_t path = scheme == std::string_view::npos ? scheme : referer.find('/', scheme + 3);
  return LocalPath(path == std::string_view::npos ? std::string_view("/") : referer.substr(path));
}

}  // namespace

Language Workplace::LanguageOf(const Request& request) const {
  const auto chosen = CookieValue(request[http::field::cookie], kLanguageCookie);
  return ChooseLanguage(chosen.value_or(""), request[http::field::accept_language]);
}

Data Workplace::PageData(const Request& request, const Actor* actor, std::string_view session_id,
                         std::string_view current_path) const {
  const Language language = LanguageOf(request);
  Data data{Data::type::object};
  data.set("t", messages_.Data(language));
  data.set("lang", std::string(LanguageTag(language)));
  const Language other = language == Language::kDanish ? Language::kEnglish : Language::kDanish;
  data.set("other_lang", std::string(LanguageTag(other)));
  data.set("other_lang_name", messages_.Text(language, other == Language::kDanish ? "language_danish"
                                                                                    : "language_english"));
  data.set("here", UrlEscaped(LanguageLinkTarget(request)));
  data.set("css_dkfds", assets_.Url("vendor/dkfds/css/dkfds-workplace.min.css"));
  data.set("css_app", assets_.Url("app.css"));
  data.set("js_dkfds", assets_.Url("vendor/dkfds/js/dkfds.min.js"));
  data.set("js_app", assets_.Url("app.js"));
  data.set("icons", assets_.Url("vendor/dkfds/img/all-svg-icons.svg"));
  data.set("favicon", assets_.Url("favicon.svg"));
  data.set("oidc", options_.oidc);
  if (actor != nullptr) {
    Data user{Data::type::object};
    user.set("name", actor->name);
    user.set("role", messages_.Text(language, "role_" + std::string(RoleName(actor->role))));
    SetText(user, "department", actor->department);
    data.set("user", user);
    const bool staff = IsOfficeStaff(actor->role);
    data.set("staff", staff);
    data.set("ombudsman", IsOmbudsmanOrDeputy(actor->role));
    Data nav{Data::type::list};
    const std::vector<NavItem> items = NavigationFor(actor->role);
    const std::string_view current = CurrentNavItem(items, current_path);
    for (const NavItem& item : items) {
      Data entry{Data::type::object};
      entry.set("href", std::string(item.href));
      entry.set("label", messages_.Text(language, item.key));
      entry.set("current", item.href == current);
      nav.push_back(entry);
    }
    data.set("nav", nav);
    if (!session_id.empty()) {
      data.set("csrf", service::SessionService::CsrfToken(session_id));
      data.set("session_idle_seconds", std::to_string(options_.session_idle.count()));
    }
  }
  return data;
}

std::string Workplace::RenderDocument(std::string_view page, const Data& data) const {
  return templates_.Render(page, data);
}

Response Workplace::Render(const Request& request, http::status status, std::string_view page, Data data,
                           const std::string& title) const {
  data.set("page_title", title);
  if (const Data* errors = data.get("errors"); errors != nullptr && !errors->is_empty_list()) {
    data.set("error_summary", templates_.Render("error_summary", data));
    data.set("page_title", messages_.Text(LanguageOf(request), "error_title_prefix") + " " + title);
  }
  std::string content = templates_.Render(page, data);
  data.set("content", std::move(content));
  return HtmlResponse(request, status, templates_.Render("layout", data));
}

Response Workplace::Render(const RequestContext& context, http::status status, std::string_view page, Data data,
                           const std::string& title) const {
  return Render(context.request, status, page, std::move(data), title);
}

Response Workplace::Error(const Request& request, const Problem& problem, const Actor* actor,
                          std::string_view session_id) const {
  const auto target = std::string(request.target());
  if (problem.status == http::status::unauthorized && actor == nullptr) {
    const std::string path = target.substr(0, target.find('?'));
    // A form posted after the session ended goes back to its page.
    const std::string next = request.method() == http::verb::get ? target : path;
    return SeeOther(request, next == "/" ? "/sign-in" : "/sign-in?next=" + UrlEscaped(next));
  }
  const Language language = LanguageOf(request);
  Data data = PageData(request, actor, session_id, target);
  const std::string heading_key = problem.status == http::status::not_found    ? "error_not_found"
                                  : problem.status == http::status::forbidden  ? "error_forbidden"
                                  : problem.status == http::status::too_many_requests ? "error_too_many"
                                  : static_cast<int>(problem.status) >= 500    ? "error_internal"
                                                                                : "error_bad_request";
  data.set("error_heading", messages_.Text(language, heading_key));
  // What to do, in the person's words; the API's own detail (English) only
  // behind "Tekniske oplysninger", and a server error's not at all.
  data.set("error_help", messages_.Text(language, heading_key + "_help"));
  if (static_cast<int>(problem.status) < 500) SetText(data, "error_detail", problem.error.message);
  data.set("status", std::to_string(static_cast<int>(problem.status)));
  Response response = Render(request, problem.status, "error", std::move(data), messages_.Text(language, heading_key));
  if (problem.retry_after) response.set(http::field::retry_after, std::to_string(problem.retry_after->count()));
  return response;
}

std::string Workplace::ViolationText(Language language, const FieldViolation& violation, std::string_view label,
                                     std::string_view max) const {
  const std::string key = "violation_" + violation.reason;
  // A violation without a worded reason names its field all the same,
  // in the person's language; the service's own words are English.
  if (violation.reason.empty() || !messages_.Has(key)) {
    if (language == Language::kEnglish) return violation.description;
    return ViolationText(language, FieldViolation{violation.field, violation.description, "invalid"}, label, max);
  }
  kainjow::mustache::data values;
  values.set("label", std::string(label));
  values.set("max", std::string(max));
  kainjow::mustache::mustache text(messages_.Text(language, key));
  // Plain text: the page escapes it where it shows it.
  text.set_custom_escape([](const std::string& plain) { return plain; });
  return text.render(values);
}

std::string Workplace::DeadlineDate(Language language, Timestamp deadline) const {
  // A deadline is stored as the end of its day, the next day's first
  // instant: the day a person is told is the one that ends then.
  return Date(language, deadline - std::chrono::seconds(1));
}

std::string Workplace::Date(Language language, Timestamp time) const {
  const std::tm local = LocalTime(time);
  const std::string& month = messages_.Text(language, "month_" + std::to_string(local.tm_mon + 1));
  return language == Language::kDanish
             ? std::to_string(local.tm_mday) + ". " + month + " " + std::to_string(local.tm_year + 1900)
             : std::to_string(local.tm_mday) + " " + month + " " + std::to_string(local.tm_year + 1900);
}

std::string Workplace::IsoDate(Language language, const std::string& iso) const {
  unsigned year = 0, month = 0, day = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4u-%2u-%2u", &year, &month, &day) != 3 || month < 1 ||
      month > 12 || day < 1 || day > 31) {
    return iso;
  }
  const std::string& name = messages_.Text(language, "month_" + std::to_string(month));
  return language == Language::kDanish ? std::to_string(day) + ". " + name + " " + std::to_string(year)
                                       : std::to_string(day) + " " + name + " " + std::to_string(year);
}

std::optional<Timestamp> Workplace::StartOfDay(std::string_view iso) const {
  const auto date = ParseIsoDate(iso);
  if (!date) return std::nullopt;
  const std::chrono::year_month_day day(*date);
  std::tm local{};
  local.tm_year = static_cast<int>(day.year()) - 1900;
  local.tm_mon = static_cast<int>(static_cast<unsigned>(day.month())) - 1;
  local.tm_mday = static_cast<int>(static_cast<unsigned>(day.day()));
  local.tm_isdst = -1;  // the zone's rules decide, as they do for any date
  const std::time_t seconds = mktime(&local);  // the office's zone: `serve` sets TZ
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return Timestamp(std::chrono::seconds(seconds));
}

std::string Workplace::AbsoluteUrl(const Request& request, std::string_view path) const {
  if (!options_.public_url.empty()) return options_.public_url + std::string(path);
  return (options_.secure_cookies ? "https://" : "http://") + std::string(request[http::field::host]) +
         std::string(path);
}

std::string Workplace::DateTime(Language language, Timestamp time) const {
  const std::tm local = LocalTime(time);
  return language == Language::kDanish
             ? Date(language, time) + " kl. " + TwoDigits(local.tm_hour) + "." + TwoDigits(local.tm_min)
             : Date(language, time) + ", " + TwoDigits(local.tm_hour) + ":" + TwoDigits(local.tm_min);
}

std::string Workplace::WorkflowLabel(Language language, std::string_view workflow) const {
  const std::string key = "reports_workflow_" + std::string(workflow);
  return messages_.Has(key) ? messages_.Text(language, key) : std::string(workflow);
}

std::string Workplace::WorkflowDescription(Language language, std::string_view workflow) const {
  const std::string key = "workflow_description_" + std::string(workflow);
  return messages_.Has(key) ? messages_.Text(language, key) : std::string();
}

std::string Workplace::StateLabel(Language language, std::string_view workflow, std::string_view state) const {
  const v1::NamedLabel* label = labels_.State(workflow, state);
  if (label == nullptr) return std::string(state);
  return language == Language::kDanish ? label->label().da() : label->label().en();
}

std::string Workplace::TransitionLabel(Language language, std::string_view workflow,
                                       std::string_view transition) const {
  const v1::NamedLabel* label = labels_.Transition(workflow, transition);
  if (label == nullptr) return std::string(transition);
  return language == Language::kDanish ? label->label().da() : label->label().en();
}

namespace {
std::string DescriptionOf(const v1::NamedLabel* label, Language language) {
  if (label == nullptr) return {};
  return language == Language::kDanish ? label->description().da() : label->description().en();
}
}  // namespace

std::string Workplace::StateDescription(Language language, std::string_view workflow, std::string_view state) const {
  return DescriptionOf(labels_.State(workflow, state), language);
}

std::string Workplace::TransitionDescription(Language language, std::string_view workflow,
                                             std::string_view transition) const {
  return DescriptionOf(labels_.Transition(workflow, transition), language);
}

Response HtmlResponse(const Request& request, http::status status, std::string html) {
  Response response{status, request.version()};
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "text/html; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "same-origin");
  response.set(http::field::vary, "Cookie, Accept-Language");
  response.body() = std::move(html);
  response.prepare_payload();
  return response;
}

Response SeeOther(const Request& request, const std::string& location) {
  Response response{http::status::see_other, request.version()};
  response.keep_alive(request.keep_alive());
  response.set(http::field::location, location);
  response.set(http::field::cache_control, "no-store");
  response.prepare_payload();
  return response;
}

std::string HomeFor(Role role) {
  switch (role) {
    case Role::kDepartment:
      return "/department";
    case Role::kAdministrator:
      return "/workflows";
    default:
      return "/";
  }
}

std::string LocalPath(std::string_view next) {
  if (next.empty() || next.front() != '/' || next.size() > 2000) return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return "/";
  }
  return std::string(next);
}

std::string UrlEscaped(std::string_view text) { return PercentEncoded(text, /*keep_slash=*/true); }

}  // namespace ombudsflow::api::web
