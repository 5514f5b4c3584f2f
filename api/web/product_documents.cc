#include "api/web/product_documents.h"

#include "api/web/report_figures.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/letters/letter_data.h"

namespace ombudsflow::api::web {

service::NewsletterService::DocumentOf ProductDocuments(const Workplace& workplace, service::ReportService& reports,
                                                        std::string template_html) {
  return [&workplace, &reports, source = std::move(template_html)](
             const Actor& actor, const store::StoredIssue& issue,
             const NewsletterContent& content) -> Result<std::string> {
    Data data = ContentData(content);
    data.set("t", workplace.Texts(Language::kDanish));
    const auto from = ParseIsoDate(issue.period_from);
    const auto to = ParseIsoDate(issue.period_to);
    if (from && to) data.set("period", LetterDate(*from, "da") + " - " + LetterDate(*to, "da"));
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
