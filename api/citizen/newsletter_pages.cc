// The newsletter's public door (seed 004): sign up with double opt-in at
// /nyhedsbrev, the confirmation link, leaving in one click (RFC 8058, from
// the mail itself or its link), the issues on the public site, and the
// Atom feed of issues and published statements for the municipality's
// website. Nothing here names a subscriber, a citizen or a case's person.
#include "api/citizen/citizen_door.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/citizen_tokens.h"
#include "engine/service/newsletter_service.h"

namespace ombudsflow::api::citizen {
namespace {

using service::NewsletterService;

constexpr std::string_view kPath = "/nyhedsbrev";
constexpr std::string_view kFormCookie = "ombudsflow_nyhedsbrev";
constexpr std::chrono::hours kFormLifetime{2};

class NewsletterPages {
 public:
  NewsletterPages(const CitizenDoor& door, NewsletterService& newsletter) : door_(door), newsletter_(newsletter) {}

  HandlerResult SignUpForm(const RequestContext& context) const {
    return FormPage(context, door_.LanguageOf(context), http::status::ok, service::NewCitizenToken(), nullptr, {});
  }

  HandlerResult SignUp(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto fields = web::Form::Read(context.request);
    if (!fields) return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
    const auto token = CitizenTokenCookie(context, kFormCookie);
    if (!token || !SameSecret(fields->Get("_csrf"), NewsletterService::CsrfOf(*token))) {
      return Said(context, http::status::forbidden, language, "expired_heading", "nl_expired_text");
    }
    if (!fields->Get("website").empty()) {
      return Said(context, http::status::bad_request, language, "bad_form_heading", "bad_form_text");
    }
    Errors errors;
    if (fields->Get("consent") != "yes") errors.emplace_back("consent", texts().Text(language, "nl_error_consent"));
    const std::string email = fields->Get("email");
    if (email.empty()) errors.emplace_back("email", texts().Text(language, "nl_error_email_required"));
    if (!errors.empty()) return FormPage(context, language, http::status::bad_request, *token, &*fields, errors);
    if (const auto wait = newsletter_.TakeSignUp(context.peer)) {
      Response response = Said(context, http::status::too_many_requests, language, "limit_heading", "nl_limit_text");
      response.set(http::field::retry_after, std::to_string(wait->count()));
      return response;
    }
    // The consent is recorded as the person read it, in their language.
    auto signed_up = newsletter_.SignUp(email, language, texts().Text(language, "nl_consent"));
    if (signed_up) return web::SeeOther(context.request, std::string(kPath) + "/tilmeldt");
    if (signed_up.error().code == ErrorCode::kInvalidArgument) {
      errors.emplace_back("email", texts().Text(language, "nl_error_email_invalid"));
      return FormPage(context, language, http::status::bad_request, *token, &*fields, errors);
    }
    return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
  }

  HandlerResult SignedUp(const RequestContext& context) const {
    return Said(context, http::status::ok, door_.LanguageOf(context), "nl_check_mail_heading", "nl_check_mail_text");
  }

  HandlerResult ConfirmPage(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    Data data = PageData(language);
    // Only a button: a mail scanner that follows the link confirms nothing.
    data.set("action", std::string(kPath) + "/bekraeft/" + web::UrlEscaped(context.path.at("token")));
    return Private(door_.Render(context, http::status::ok, "newsletter_confirm", std::move(data),
                                texts().Text(language, "nl_confirm_title")));
  }

  HandlerResult Confirm(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto confirmed = newsletter_.Confirm(context.path.at("token"));
    if (!confirmed) return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
    if (!*confirmed) return Said(context, http::status::ok, language, "nl_link_used_heading", "nl_link_used_text");
    return Said(context, http::status::ok, language, "nl_confirmed_heading", "nl_confirmed_text");
  }

  HandlerResult UnsubscribePage(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto subscribed = newsletter_.Subscribed(context.path.at("token"));
    if (!subscribed) return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
    if (!*subscribed) return Said(context, http::status::ok, language, "nl_gone_heading", "nl_gone_text");
    Data data = PageData(language);
    data.set("action", std::string(kPath) + "/afmeld/" + web::UrlEscaped(context.path.at("token")));
    return Private(door_.Render(context, http::status::ok, "newsletter_unsubscribe", std::move(data),
                                texts().Text(language, "nl_unsubscribe_title")));
  }

  // One click (RFC 8058): the mail program posts
  // "List-Unsubscribe=One-Click" with no cookie and no CSRF token; the
  // token in the address is the whole authority, and it only removes.
  HandlerResult Unsubscribe(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto removed = newsletter_.Unsubscribe(context.path.at("token"));
    if (!removed) return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
    return Said(context, http::status::ok, language, "nl_unsubscribed_heading", "nl_unsubscribed_text");
  }

  // A released product of `kind` by the number in the path: its page, or
  // with `pdf` its PDF/UA document.
  HandlerResult Issue(const RequestContext& context, const ProductKind& kind, bool pdf) const {
    const std::string language = door_.LanguageOf(context);
    int number = 0;
    const std::string& given = context.path.at("number");
    if (given.empty() || given.size() > 9 || given.find_first_not_of("0123456789") != std::string::npos ||
        (number = std::stoi(given)) <= 0) {
      return Said(context, http::status::not_found, language, "nl_no_issue_heading", "nl_no_issue_text");
    }
    auto issue = newsletter_.Released(std::string(kind.kind), number);
    if (!issue && issue.error().code == ErrorCode::kNotFound) {
      return Said(context, http::status::not_found, language, "nl_no_issue_heading", "nl_no_issue_text");
    }
    if (!issue) return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
    if (pdf) {
      auto document = newsletter_.DocumentPdf(*issue);
      if (!document) {
        return Said(context, http::status::service_unavailable, language, "failure_heading", "nl_failure_text");
      }
      if (!*document) return Said(context, http::status::not_found, language, "nl_no_issue_heading", "nl_no_issue_text");
      Response response{http::status::ok, context.request.version()};
      response.set(http::field::content_type, "application/pdf");
      response.set(http::field::content_disposition,
                   "inline; filename=\"" + std::string(kind.public_path) + "-" + given + ".pdf\"");
      response.set(http::field::cache_control, "public, max-age=300");
      response.body() = std::move(**document);
      response.prepare_payload();
      return response;
    }
    Response page = IssuePage(context, language, newsletter_.ContentOf(*issue), false);
    page.set(http::field::cache_control, "public, max-age=300");
    return page;
  }

  // The draft as the public page would show it, for the workplace.
  HandlerResult Preview(const RequestContext& context) const {
    auto view = newsletter_.View(*context.actor, context.path.at("id"));
    if (!view) return std::unexpected(ToProblem(view.error()));
    Response page = IssuePage(context, "da", newsletter_.ContentOf(view->issue), true);
    page.set(http::field::cache_control, "private, no-store");
    return page;
  }

 private:
  using Errors = std::vector<std::pair<std::string, std::string>>;
  const CitizenTexts& texts() const { return door_.texts(); }

  // The door's page data, whose foot says what the newsletter does with an
  // address (not the complaint form's words).
  Data PageData(std::string_view language) const {
    Data data = door_.PageData(kPath, language);
    data.set("privacy", texts().Text(language, "nl_privacy"));
    return data;
  }

  Response Said(const RequestContext& context, http::status status, std::string_view language,
                std::string_view heading_key, std::string_view text_key) const {
    return door_.Message(context, status, language, heading_key, text_key, kPath, "nl_back");
  }

  Response FormPage(const RequestContext& context, std::string_view language, http::status status,
                    const std::string& token, const web::Form* posted, const Errors& errors) const {
    Data data = PageData(language);
    data.set("csrf", NewsletterService::CsrfOf(token));
    data.set("email", posted == nullptr ? std::string() : posted->Get("email"));
    data.set("consent", posted != nullptr && posted->Get("consent") == "yes");
    Data issues{Data::type::list};
    if (auto released = newsletter_.ReleasedIssues(12, "newsletter")) {
      for (const auto& issue : *released) {
        Data row{Data::type::object};
        row.set("href", std::string(kPath) + "/" + std::to_string(issue.number));
        row.set("number", std::to_string(issue.number));
        row.set("heading", issue.heading);
        row.set("date", newsletter_.ContentOf(issue).date);
        issues.push_back(row);
      }
    }
    data.set("issues", issues);
    data.set("no_issues", issues.is_empty_list());
    SetFieldErrors(data, errors);
    Response response =
        door_.Render(context, status, "newsletter_signup", std::move(data), texts().Text(language, "nl_title"));
    response.insert(http::field::set_cookie, door_.Cookie(kFormCookie, token, kPath, kFormLifetime));
    door_.RememberLanguage(context, response, language);
    response.set(http::field::cache_control, "private, no-store");
    return response;
  }

  Response IssuePage(const RequestContext& context, std::string_view language, const NewsletterContent& content,
                     bool preview) const {
    Data data = PageData(language);
    data.set("preview", preview);
    data.set("title", content.title);
    data.set("heading", content.heading);
    data.set("date", content.date);
    if (!content.pdf_url.empty()) {
      data.set("pdf_url", content.pdf_url);
      data.set("kind_name", content.kind_name);
    }
    Data introduction{Data::type::list};
    for (const auto& paragraph : Paragraphs(content.introduction)) introduction.push_back(Data{"text", paragraph});
    data.set("introduction", introduction);
    Data items{Data::type::list};
    for (const auto& item : content.items) {
      Data entry{Data::type::object};
      entry.set("heading", item.heading);
      Data paragraphs{Data::type::list};
      for (const auto& paragraph : Paragraphs(item.body)) paragraphs.push_back(Data{"text", paragraph});
      entry.set("paragraphs", paragraphs);
      items.push_back(entry);
    }
    data.set("items", items);
    return door_.Render(context, http::status::ok, "newsletter_issue", std::move(data), content.heading);
  }

  const CitizenDoor& door_;
  NewsletterService& newsletter_;
};

}  // namespace

void AddNewsletterPages(HttpApi& api, const CitizenDoor& door, service::NewsletterService& newsletter) {
  auto pages = std::make_shared<NewsletterPages>(door, newsletter);
  const auto page = [&api, pages](http::verb verb, std::string pattern,
                                  HandlerResult (NewsletterPages::*handler)(const RequestContext&) const) {
    api.Add(verb, std::move(pattern),
            Endpoint{[pages, handler](const RequestContext& context) { return ((*pages).*handler)(context); },
                     /*page=*/true});
  };
  page(http::verb::get, "/nyhedsbrev", &NewsletterPages::SignUpForm);
  page(http::verb::post, "/nyhedsbrev", &NewsletterPages::SignUp);
  page(http::verb::get, "/nyhedsbrev/tilmeldt", &NewsletterPages::SignedUp);
  page(http::verb::get, "/nyhedsbrev/bekraeft/{token}", &NewsletterPages::ConfirmPage);
  page(http::verb::post, "/nyhedsbrev/bekraeft/{token}", &NewsletterPages::Confirm);
  page(http::verb::get, "/nyhedsbrev/afmeld/{token}", &NewsletterPages::UnsubscribePage);
  page(http::verb::post, "/nyhedsbrev/afmeld/{token}", &NewsletterPages::Unsubscribe);
  for (const ProductKind& kind : ProductKinds()) {
    for (const bool pdf : {false, true}) {
      if (pdf && !kind.has_document) continue;
      api.Add(http::verb::get, "/" + std::string(kind.public_path) + "/{number}" + (pdf ? "/pdf" : ""),
              Endpoint{[pages, &kind, pdf](const RequestContext& context) { return pages->Issue(context, kind, pdf); },
                       /*page=*/true});
    }
  }
  page(http::verb::get, "/newsletters/{id}/web", &NewsletterPages::Preview);
}

}  // namespace ombudsflow::api::citizen
