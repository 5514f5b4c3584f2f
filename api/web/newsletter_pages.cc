// The office's communication products in the workplace (seed 004,
// "Formidling"): newsletter issues, press releases, KlarRet editions and the
// annual report, and the subscribers' numbers. A product is composed from
// the cases whose newsletter decision was yes (an edition from its themes'
// cases) and the office's own items, previewed as the e-mail and as the web
// page, sent to the subscribers and chosen lists, and approved and released
// through its kind's workflow, whose guards refuse a product about a case
// whose department has not received the text, or during a hold.
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/letters/letter_data.h"
#include "engine/service/newsletter_service.h"

namespace ombudsflow::api::web {
namespace {

constexpr std::size_t kMostItemRows = 30;

std::string ProblemKey(ItemProblem problem) {
  switch (problem) {
    case ItemProblem::kNone: return "newsletter_item_ok";
    case ItemProblem::kTextOutdated: return "newsletter_item_outdated";
    case ItemProblem::kNoNotice: return "newsletter_item_no_notice";
    case ItemProblem::kRevisedAfterNotice: return "newsletter_item_revised";
    case ItemProblem::kNotReceived: return "newsletter_item_not_received";
    case ItemProblem::kNoticePeriodRunning: return "newsletter_item_notice_period";
  }
  return "newsletter_item_ok";
}

// The draft as the form posted it: rows whose fields are all empty, or
// marked for removal, are dropped.
service::IssueDraft DraftOf(const Form& form) {
  service::IssueDraft draft{.heading = form.Get("heading"), .introduction = form.Get("introduction"), .items = {},
                            .to_subscribers = form.Get("to_subscribers") == "yes", .list_ids = form.All("lists")};
  for (std::size_t i = 0; i < kMostItemRows + 1; ++i) {
    const std::string at = "items." + std::to_string(i) + ".";
    if (!form.Has(at + "heading") && !form.Has(at + "case_number") && !form.Has(at + "body")) continue;
    if (form.Get(at + "remove") == "yes") continue;
    service::IssueDraft::Item item{.case_number = form.Get(at + "case_number"),
                                   .carries_statement = form.Get(at + "statement") == "yes",
                                   .heading = form.Get(at + "heading"),
                                   .body = form.Get(at + "body")};
    if (item.case_number.empty() && item.heading.empty() && item.body.empty()) continue;
    draft.items.push_back(std::move(item));
  }
  return draft;
}

service::IssueDraft DraftOf(const store::StoredIssue& issue) {
  service::IssueDraft draft{.heading = issue.heading, .introduction = issue.introduction, .items = {},
                            .to_subscribers = issue.to_subscribers, .list_ids = issue.list_ids};
  for (const auto& item : issue.items) {
    draft.items.push_back({.case_number = item.case_number,
                           .carries_statement = item.carried_revision.has_value(),
                           .heading = item.heading,
                           .body = item.body});
  }
  return draft;
}

std::uint32_t VersionOf(const Form& form) {
  try {
    return static_cast<std::uint32_t>(std::stoul(form.Get("version")));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string KindLabel(const Workplace& workplace, Language language, const std::string& kind) {
  return workplace.Text(language, "product_kind_" + kind);
}

// "1. januar 2026 - 30. april 2026", or empty without a period.
std::string PeriodText(const store::StoredIssue& issue) {
  const auto from = ParseIsoDate(issue.period_from);
  const auto to = ParseIsoDate(issue.period_to);
  if (!from || !to) return {};
  return LetterDate(*from, "da") + " - " + LetterDate(*to, "da");
}

Result<Response> IssuesPage(const Workplace& workplace, service::NewsletterService& newsletter,
                            const v1::ThemeVocabulary& themes, const RequestContext& context, http::status status,
                            const service::NewProduct& posted, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto issues = newsletter.Issues(*context.actor);
  if (!issues) return std::unexpected(issues.error());
  auto counts = newsletter.Counts(*context.actor);
  if (!counts) return std::unexpected(counts.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/newsletters");
  Data rows{Data::type::list};
  for (const auto& issue : *issues) {
    Data row{Data::type::object};
    row.set("href", "/newsletters/" + UrlEscaped(issue.id));
    row.set("kind", KindLabel(workplace, language, issue.kind));
    row.set("number", issue.kind == "annual_report" ? issue.period_from.substr(0, 4) : std::to_string(issue.number));
    row.set("heading", issue.heading);
    row.set("state", workplace.StateLabel(language, issue.workflow, issue.state));
    row.set("updated", workplace.DateTime(language, issue.updated_at));
    row.set("sent", issue.released_at ? std::to_string(issue.sent) + " / " + std::to_string(issue.recipients) : "");
    rows.push_back(row);
  }
  data.set("issues", rows);
  data.set("no_issues", rows.is_empty_list());
  data.set("counts", SubscriberCountsData(workplace, language, *counts));
  data.set("heading", posted.heading);
  Data kinds{Data::type::list};
  for (const ProductKind& kind : ProductKinds()) {
    Data row{Data::type::object};
    row.set("kind", std::string(kind.kind));
    row.set("label", KindLabel(workplace, language, std::string(kind.kind)));
    row.set("chosen", kind.kind == posted.kind);
    kinds.push_back(row);
  }
  data.set("kinds", kinds);
  data.set("period_from", posted.period_from);
  data.set("period_to", posted.period_to);
  data.set("period_open", !posted.period_from.empty() || !posted.period_to.empty() || !posted.themes.empty());
  Data theme_rows{Data::type::list};
  for (const v1::Theme& theme : themes.theme()) {
    Data row{Data::type::object};
    row.set("id", theme.id());
    row.set("label", language == Language::kEnglish && !theme.label().en().empty() ? theme.label().en()
                                                                                   : theme.label().da());
    row.set("chosen", std::find(posted.themes.begin(), posted.themes.end(), theme.id()) != posted.themes.end());
    theme_rows.push_back(row);
  }
  data.set("themes", theme_rows);
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"kind", {"kind-newsletter", "newsletters_kind", "", true}},
                                    {"heading", {"heading", "newsletter_heading", "200"}},
                                    {"period_from", {"period_from", "newsletters_period_from", ""}},
                                    {"period_to", {"period_to", "newsletters_period_to", ""}},
                                    {"themes", {"themes", "newsletters_themes", "", true}}},
                                   data));
  }
  return workplace.Render(context, status, "newsletters", std::move(data), workplace.Text(language, "newsletters_title"));
}

// Why a step cannot be taken now, in the person's language: who may take
// it, or the rule that stops it.
std::string RefusalOf(const Workplace& workplace, Language language, const service::IssueStepOption& step) {
  if (step.refused_by.empty() && !step.roles.empty()) {
    std::string roles;
    for (const std::string& role : step.roles) roles += (roles.empty() ? "" : ", ") + workplace.Text(language, "role_" + role);
    return workplace.Text(language, "refusal_role") + " " + roles + ".";
  }
  const std::string key = "refusal_" + step.refused_by;
  if (!step.refused_by.empty() && workplace.HasText(key)) return workplace.Text(language, key);
  return workplace.Text(language, "newsletter_step_not_now");
}

Result<Response> IssuePage(const Workplace& workplace, service::NewsletterService& newsletter,
                           service::DistributionListService& lists, const RequestContext& context,
                           http::status status, const service::IssueDraft* posted, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto view = newsletter.View(*context.actor, context.path.at("id"));
  if (!view) return std::unexpected(view.error());
  const store::StoredIssue& issue = view->issue;
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/newsletters");
  data.set("id", issue.id);
  data.set("href", "/newsletters/" + UrlEscaped(issue.id));
  const NewsletterContent content = newsletter.ContentOf(issue);
  data.set("product_title", content.title);
  data.set("title_heading", issue.heading);
  if (std::string period = PeriodText(issue); !period.empty()) data.set("period", period);
  data.set("version", std::to_string(issue.version));
  data.set("state", workplace.StateLabel(language, issue.workflow, issue.state));
  if (std::string described = workplace.StateDescription(language, issue.workflow, issue.state); !described.empty()) {
    data.set("state_description", described);
  }
  data.set("editable", view->editable);
  if (issue.released_at) {
    Data sending{Data::type::object};
    sending.set("sent_at", workplace.DateTime(language, *issue.released_at));
    sending.set("recipients", std::to_string(issue.recipients));
    sending.set("sent", std::to_string(issue.sent));
    sending.set("waiting", std::to_string(issue.waiting));
    sending.set("bounced", std::to_string(issue.bounced));
    sending.set("failed", std::to_string(issue.failed));
    // The public site's own path: the page is on this server.
    const std::string path = "/" + std::string(FindProductKind(issue.kind)->public_path) + "/" +
                             std::to_string(issue.number);
    sending.set("public_href", path);
    if (issue.has_pdf) sending.set("pdf_href", path + "/pdf");
    data.set("sending", sending);
  }
  // Whether each case written about may go out, in the person's words.
  Data receipts{Data::type::list};
  for (const auto& item : view->items) {
    Data row{Data::type::object};
    row.set("case_number", item.case_number);
    row.set("ok", item.problem == ItemProblem::kNone);
    row.set("text", workplace.Text(language, ProblemKey(item.problem)));
    receipts.push_back(row);
  }
  data.set("receipts", receipts);
  data.set("has_receipts", !receipts.is_empty_list());
  // Approving and sending lead the page; reopening and dropping follow the form.
  Data steps{Data::type::list};
  Data other_steps{Data::type::list};
  for (const auto& step : view->steps) {
    Data row{Data::type::object};
    row.set("action", "/newsletters/" + UrlEscaped(issue.id) + "/steps/" + UrlEscaped(step.transition));
    row.set("label", workplace.TransitionLabel(language, issue.workflow, step.transition));
    // Mustache shows an empty text's section: only a description there is.
    if (std::string described = workplace.TransitionDescription(language, issue.workflow, step.transition);
        !described.empty()) {
      row.set("description", described);
    }
    row.set("allowed", step.allowed);
    if (!step.allowed) row.set("refusal", RefusalOf(workplace, language, step));
    const bool leads = step.action == "approve_release" || step.action == "release";
    (leads ? steps : other_steps).push_back(row);
  }
  data.set("steps", steps);
  data.set("other_steps", other_steps);
  data.set("has_other_steps", !other_steps.is_empty_list());
  // The form: the draft as posted (when it was refused), or as kept, and
  // one empty row to add an item.
  const service::IssueDraft draft = posted != nullptr ? *posted : DraftOf(issue);
  data.set("heading", draft.heading);
  // Who gets it: the subscribers, and the chosen lists.
  auto known_lists = lists.Lists(*context.actor);
  if (!known_lists) return std::unexpected(known_lists.error());
  data.set("to_subscribers", draft.to_subscribers);
  std::string summary = draft.to_subscribers ? workplace.Text(language, "newsletter_summary_subscribers") : "";
  Data list_choices{Data::type::list};
  for (std::size_t i = 0; i < known_lists->size(); ++i) {
    const store::DistributionList& list = (*known_lists)[i];
    const bool chosen = std::find(draft.list_ids.begin(), draft.list_ids.end(), list.id) != draft.list_ids.end();
    Data row{Data::type::object};
    row.set("n", std::to_string(i));
    row.set("id", list.id);
    row.set("name", list.name);
    row.set("members", std::to_string(list.members));
    row.set("chosen", chosen);
    list_choices.push_back(row);
    if (chosen) summary += (summary.empty() ? "" : ", ") + list.name;
  }
  data.set("list_choices", list_choices);
  data.set("recipients_summary", summary.empty() ? workplace.Text(language, "newsletter_summary_nobody") : summary);
  data.set("introduction", draft.introduction);
  Data items{Data::type::list};
  for (std::size_t i = 0; i <= draft.items.size() && i < kMostItemRows; ++i) {
    const bool blank = i == draft.items.size();
    const service::IssueDraft::Item empty{};
    const service::IssueDraft::Item& item = blank ? empty : draft.items[i];
    Data row{Data::type::object};
    const std::string n = std::to_string(i);
    row.set("n", n);
    row.set("position", std::to_string(i + 1));
    row.set("blank", blank);
    row.set("case_number", item.case_number);
    row.set("statement", item.carries_statement);
    row.set("item_heading", item.heading);
    row.set("body", item.body);
    items.push_back(row);
  }
  data.set("items", items);
  if (view->editable) {
    auto candidates = newsletter.Candidates(*context.actor);
    if (!candidates) return std::unexpected(candidates.error());
    Data offered{Data::type::list};
    for (const auto& candidate : *candidates) {
      Data row{Data::type::object};
      row.set("case_number", candidate.case_number);
      row.set("title", candidate.title.empty() ? workplace.Text(language, "newsletter_candidate_no_statement")
                                               : candidate.title);
      row.set("published", candidate.published);
      row.set("released_before", candidate.times_released > 0);
      offered.push_back(row);
    }
    data.set("candidates", offered);
    data.set("no_candidates", offered.is_empty_list());
  }
  if (error != nullptr) {
    std::map<std::string, FormField, std::less<>> fields = {{"heading", {"heading", "newsletter_heading", "200"}},
                                                             {"introduction", {"introduction", "newsletter_introduction", "4000"}},
                                                             {"lists", {"to_subscribers", "newsletter_recipients_legend", "", true}},
                                                             {"items", {"items-0-heading", "newsletter_items", ""}}};
    for (std::size_t i = 0; i < kMostItemRows; ++i) {
      const std::string n = std::to_string(i);
      fields["items." + n + ".heading"] = {"items-" + n + "-heading", "newsletter_item_heading", "200"};
      fields["items." + n + ".body"] = {"items-" + n + "-body", "newsletter_item_body", "20000"};
      fields["items." + n + ".case_number"] = {"items-" + n + "-case_number", "newsletter_item_case", "40"};
    }
    data.set("errors", FieldErrors(workplace, language, *error, fields, data));
    // Each row's own messages, for the form to show beside its fields.
    Data rows{Data::type::list};
    for (std::size_t i = 0; i < items.list_value().size(); ++i) {
      Data row = items.list_value()[i];
      const std::string n = std::to_string(i);
      for (const char* field : {"heading", "body", "case_number"}) {
        const std::string key = "items_" + n + "_" + field + "_error";
        if (const Data* message = data.get(key); message != nullptr) row.set(std::string(field) + "_error", *message);
      }
      rows.push_back(row);
    }
    data.set("items", rows);
  }
  return workplace.Render(context, status, "newsletter", std::move(data), content.title);
}

// The e-mail's HTML as a subscriber gets it, for the workplace to open:
// it runs no script and loads nothing (default-src 'none'); its inline
// styles apply, as in a mail program.
Response EmailDocument(const Request& request, const std::string& html) {
  Response response = HtmlResponse(request, http::status::ok, html);
  response.set("Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; "
               "form-action 'none'");
  response.set(http::field::x_frame_options, "SAMEORIGIN");
  return response;
}

}  // namespace

void AddNewsletterPages(HttpApi& api, const Workplace& workplace, service::NewsletterService& newsletter,
                        service::DistributionListService& lists, const NewsletterTemplates& templates,
                        const v1::ThemeVocabulary& themes) {
  api.Add(http::verb::get, "/newsletters", Page([&](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(IssuesPage(workplace, newsletter, themes, context, http::status::ok,
                                            service::NewProduct{}, nullptr));
          }));
  api.Add(http::verb::post, "/newsletters", Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const service::NewProduct product{.kind = form->Has("kind") ? form->Get("kind") : "newsletter",
                                              .heading = form->Get("heading"),
                                              .period_from = form->Get("period_from"),
                                              .period_to = form->Get("period_to"),
                                              .themes = form->All("themes")};
            auto created = newsletter.Create(*context.actor, product);
            if (created) return SeeOther(context.request, "/newsletters/" + UrlEscaped(created->id));
            if (created.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(created.error()));
            return PageOrProblem(IssuesPage(workplace, newsletter, themes, context, http::status::bad_request, product,
                                            &created.error()));
          }));
  api.Add(http::verb::get, "/newsletters/{id}", Page([&](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(IssuePage(workplace, newsletter, lists, context, http::status::ok, nullptr, nullptr));
          }));
  api.Add(http::verb::post, "/newsletters/{id}", Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            service::IssueDraft draft = DraftOf(*form);
            // A form without the recipients' fieldset leaves them as they are.
            if (!form->Has("recipients_shown")) {
              auto view = newsletter.View(*context.actor, context.path.at("id"));
              if (!view) return std::unexpected(ToProblem(view.error()));
              draft.to_subscribers = view->issue.to_subscribers;
              draft.list_ids = view->issue.list_ids;
            }
            // "Tilføj sagens udtalelse" from the list of cases: the draft
            // as it stands, with the statement last.
            if (const std::string add = form->Get("add_case"); !add.empty()) {
              draft.items.push_back({.case_number = add, .carries_statement = true, .heading = {}, .body = {}});
            }
            auto saved = newsletter.Save(*context.actor, context.path.at("id"), VersionOf(*form), draft);
            if (saved) return SeeOther(context.request, "/newsletters/" + UrlEscaped(context.path.at("id")) + "#rediger");
            if (saved.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(saved.error()));
            return PageOrProblem(
                IssuePage(workplace, newsletter, lists, context, http::status::bad_request, &draft, &saved.error()));
          }));
  api.Add(http::verb::post, "/newsletters/{id}/steps/{transition}", Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& id = context.path.at("id");
            auto taken = newsletter.Take(*context.actor, id, VersionOf(*form), context.path.at("transition"));
            if (taken) return SeeOther(context.request, "/newsletters/" + UrlEscaped(id));
            return std::unexpected(ToProblem(taken.error()));
          }));
  api.Add(http::verb::get, "/newsletters/{id}/email", Page([&](const RequestContext& context) -> HandlerResult {
            auto view = newsletter.View(*context.actor, context.path.at("id"));
            if (!view) return std::unexpected(ToProblem(view.error()));
            // The link to leave the list goes nowhere in a preview; a list's
            // member sees which list they are on instead.
            const NewsletterMail mail =
                view->issue.to_subscribers
                    ? templates.Render(newsletter.ContentOf(view->issue), "#afmeld")
                    : templates.Render(newsletter.ContentOf(view->issue), {},
                                       workplace.Text(Language::kDanish, "lists_title"));
            return EmailDocument(context.request, mail.html);
          }));
}

}  // namespace ombudsflow::api::web
