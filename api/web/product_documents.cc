#include "api/web/product_documents.h"

#include "api/web/report_figures.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/letters/letter_data.h"

namespace ombudsflow::api::web {
namespace {

Data ParagraphList(const std::string& text) {
  Data list{Data::type::list};
  for (const std::string& paragraph : Paragraphs(text)) list.push_back(Data{"text", paragraph});
  return list;
}

}  // namespace

service::NewsletterService::DocumentOf ProductDocuments(const Workplace& workplace, service::ReportService& reports,
                                                        std::string template_html) {
  return [&workplace, &reports, source = std::move(template_html)](
             const Actor& actor, const store::StoredIssue& issue,
             const NewsletterContent& content) -> Result<std::string> {
    Data data{Data::type::object};
    data.set("t", workplace.Texts(Language::kDanish));
    data.set("title", content.title);
    data.set("heading", content.heading);
    data.set("date", content.date);
    data.set("office_name", content.office_name);
    if (!content.web_url.empty()) data.set("web_url", content.web_url);
    const auto from = ParseIsoDate(issue.period_from);
    const auto to = ParseIsoDate(issue.period_to);
    if (from && to) data.set("period", LetterDate(*from, "da") + " - " + LetterDate(*to, "da"));
    data.set("introduction", ParagraphList(content.introduction));
    Data items{Data::type::list};
    for (const auto& item : content.items) {
      Data entry{Data::type::object};
      entry.set("heading", item.heading);
      entry.set("paragraphs", ParagraphList(item.body));
      items.push_back(entry);
    }
    data.set("items", items);
    if (issue.kind == "annual_report") {
      auto report = reports.Annual(actor, issue.period_from, issue.period_to);
      if (!report) return std::unexpected(report.error());
      Data figures{Data::type::object};
      AddAnnualReportFigures(workplace, Language::kDanish, *report, figures);
      data.set("figures", figures);
    }
    kainjow::mustache::mustache document(source);
    if (!document.is_valid()) {
      return std::unexpected(MakeError(ErrorCode::kInternal, "the document template: " + document.error_message()));
    }
    return document.render(data);
  };
}

}  // namespace ombudsflow::api::web
