#include "api/citizen/citizen_door.h"

#include <openssl/crypto.h>

#include "api/cookies.h"
#include "api/web/workplace.h"
#include "engine/core/base/language_name.h"
#include "engine/core/citizens/complaint_form.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::api::citizen {

std::string CitizenDoor::LanguageOf(const RequestContext& context, std::string_view fallback) const {
  if (const auto asked = context.query.find("sprog"); asked != context.query.end() && texts_.HasLanguage(asked->second)) {
    return asked->second;
  }
  if (const auto chosen = CookieValue(context.request[http::field::cookie], kLanguageCookie);
      chosen && texts_.HasLanguage(*chosen)) {
    return std::string(*chosen);
  }
  if (texts_.HasLanguage(fallback)) return std::string(fallback);
  return texts_.Choose({}, context.request[http::field::accept_language]);
}

Data CitizenDoor::PageData(std::string_view path, std::string_view language) const {
  Data data{Data::type::object};
  data.set("t", texts_.Data(language));
  data.set("lang", std::string(language));
  data.set("html_lang", texts_.Text(language, "html_lang"));
  Data languages{Data::type::list};
  for (const std::string& tag : texts_.Languages()) {
    if (tag == language) continue;
    Data entry{Data::type::object};
    entry.set("href", std::string(path) + "?sprog=" + web::UrlEscaped(tag));
    entry.set("name", texts_.Text(tag, "language_name"));
    entry.set("html_lang", texts_.Text(tag, "html_lang"));
    languages.push_back(entry);
  }
  data.set("languages", languages);
  data.set("css_dkfds", assets_.Url("vendor/dkfds/css/dkfds-workplace.min.css"));
  data.set("css_app", assets_.Url("app.css"));
  data.set("favicon", assets_.Url("favicon.svg"));
  data.set("icons", assets_.Url("vendor/dkfds/img/all-svg-icons.svg"));
  data.set("mitid", options_.mitid);
  if (const LetterOffice* office = options_.office) {
    Data contact{Data::type::object};
    contact.set("name", office->name);
    web::SetText(contact, "phone", office->phone);
    web::SetText(contact, "email", office->email);
    data.set("office", contact);
  }
  return data;
}

Response CitizenDoor::Render(const RequestContext& context, http::status status, std::string_view page, Data data,
                             const std::string& title) const {
  data.set("page_title", title);
  if (data.get("steps") != nullptr) data.set("steps_html", templates_.Render("steps", data));
  if (const Data* errors = data.get("errors"); errors != nullptr && !errors->is_empty_list()) {
    data.set("error_summary", templates_.Render("error_summary", data));
    const Data* language = data.get("lang");
    data.set("page_title", texts_.Text(language != nullptr ? language->string_value() : "da", "error_title_prefix") +
                               " " + title);
  }
  std::string content = templates_.Render(page, data);
  data.set("content", std::move(content));
  return web::HtmlResponse(context.request, status, templates_.Render("layout", data));
}

Response CitizenDoor::Message(const RequestContext& context, http::status status, std::string_view language,
                              std::string_view heading_key, std::string_view text_key, std::string_view back,
                              std::string_view back_key) const {
  Data data = PageData(back, language);
  data.set("back", std::string(back));
  data.set("back_label", texts_.Text(language, back_key));
  data.set("heading", texts_.Text(language, heading_key));
  data.set("text", texts_.Text(language, text_key));
  return Render(context, status, "message", std::move(data), texts_.Text(language, heading_key));
}

std::string CitizenDoor::SessionCookie(std::string_view name, std::string_view value, std::string_view path) const {
  return std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) + "; HttpOnly; SameSite=Lax" +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string CitizenDoor::Cookie(std::string_view name, std::string_view value, std::string_view path,
                                std::chrono::seconds max_age) const {
  return std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) +
         "; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax" +
         (options_.secure_cookies ? "; Secure" : "");
}

void CitizenDoor::RememberLanguage(const RequestContext& context, Response& response, std::string_view language) const {
  static constexpr std::chrono::seconds kLanguageCookieAge{365 * 24 * 3600};
  if (context.query.contains("sprog")) {
    response.insert(http::field::set_cookie, Cookie(kLanguageCookie, language, "/", kLanguageCookieAge));
  }
}

void SetFieldErrors(Data& data, const std::vector<std::pair<std::string, std::string>>& errors) {
  Data list{Data::type::list};
  for (const auto& [field, message] : errors) {
    Data entry{Data::type::object};
    entry.set("id", field);
    entry.set("message", message);
    list.push_back(entry);
    data.set(field + "_error", message);
  }
  data.set("errors", list);
}

std::optional<std::string> CitizenTokenCookie(const RequestContext& context, std::string_view name) {
  const auto cookie = CookieValue(context.request[http::field::cookie], name);
  if (!cookie || !service::IsCitizenToken(*cookie)) return std::nullopt;
  return std::string(*cookie);
}

bool SameSecret(std::string_view presented, std::string_view expected) {
  return presented.size() == expected.size() &&
         CRYPTO_memcmp(presented.data(), expected.data(), expected.size()) == 0;
}

std::string Filled(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + std::string(name) + "}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at)) {
      text.replace(at, placeholder.size(), value);
      at += value.size();
    }
  }
  return text;
}

std::string WrittenDate(const CitizenTexts& texts, std::string_view language, Date date) {
  const std::chrono::year_month_day day{date};
  return Filled(texts.Text(language, "date_format"),
                {{"d", std::to_string(static_cast<unsigned>(day.day()))},
                 {"month", texts.Text(language, "month_" + std::to_string(static_cast<unsigned>(day.month())))},
                 {"y", std::to_string(static_cast<int>(day.year()))}});
}

Response Private(Response response) {
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::cache_control, "private, no-store");
  return response;
}

Data InterpreterLanguageOptions(const CitizenTexts& texts, std::string_view language, std::string_view chosen) {
  Data options{Data::type::list};
  const std::string reader = texts.Text(language, "html_lang");
  for (const std::string_view tag : InterpreterLanguages()) {
    Data option{Data::type::object};
    option.set("value", std::string(tag));
    option.set("name", LanguageName(tag, reader));
    option.set("selected", chosen == tag);
    options.push_back(option);
  }
  return options;
}

}  // namespace ombudsflow::api::citizen
