// The office's reports in the workplace: the annual report to the city
// council, printable, with charts drawn on the server as SVG (no script),
// each with the table it shows; its CSV; and the KlarRet themes, grouped
// for writing an issue.
#include <cmath>
#include <cstdio>

#include "api/handlers/report_handlers.h"
#include "api/web/report_figures.h"
#include "api/web/web_routes.h"
#include "engine/core/base/text.h"
#include "engine/core/reports/annual_report.h"

namespace ombudsflow::api::web {
namespace {

// The period asked for in the page's query: from and to, or neither.
struct PeriodQuery {
  std::string from, to;
};

PeriodQuery PeriodOf(const RequestContext& context) {
  const auto value = [&](const char* name) {
    const auto found = context.query.find(name);
    return found == context.query.end() ? std::string() : found->second;
  };
  return {value("from"), value("to")};
}

std::string Query(const v1::AnnualReport& report) {
  return "?from=" + UrlEscaped(report.from_date()) + "&to=" + UrlEscaped(report.to_date());
}

// The period form again, as it was sent, each error in words beside its
// field and in the summary above: no figures until the period is right.
Response PeriodRefusedPage(const Workplace& workplace, const RequestContext& context, const PeriodQuery& period,
                           const Error& error) {
  const Language language = workplace.LanguageOf(context.request);
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/reports");
  data.set("from", period.from);
  data.set("to", period.to);
  static const std::map<std::string, FormField, std::less<>> kFields = {
      {"from", {"from", "field_report_from"}},
      {"to", {"to", "field_report_to"}},
  };
  Data errors = FieldErrors(workplace, language, error, kFields, data);
  data.set("errors", errors);
  return workplace.Render(context, http::status::bad_request, "reports", std::move(data),
                          workplace.Text(language, "reports_title"));
}

Result<Response> AnnualPage(const Workplace& workplace, const WebServices& services, const RequestContext& context) {
  const Language language = workplace.LanguageOf(context.request);
  const auto period = PeriodOf(context);
  auto report = services.reports.Annual(*context.actor, period.from, period.to);
  if (!report && report.error().code == ErrorCode::kInvalidArgument) {
    return PeriodRefusedPage(workplace, context, period, report.error());
  }
  if (!report) return std::unexpected(report.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/reports");
  AddAnnualReportFigures(workplace, language, *report, data);
  data.set("has_report", true);
  data.set("csv_href", "/reports/annual.csv" + Query(*report));
  data.set("themes_href", "/reports/themes" + Query(*report));
  return workplace.Render(context, http::status::ok, "reports", std::move(data), workplace.Text(language, "reports_title"));
}

Result<Response> ThemesPage(const Workplace& workplace, const WebServices& services, const RequestContext& context) {
  const Language language = workplace.LanguageOf(context.request);
  const auto period = PeriodOf(context);
  auto report = services.reports.Themes(*context.actor, period.from, period.to);
  if (!report) return std::unexpected(report.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/reports");
  data.set("from", report->from_date());
  data.set("to", report->to_date());
  data.set("from_text", workplace.IsoDate(language, report->from_date()));
  data.set("to_text", workplace.IsoDate(language, report->to_date()));
  data.set("annual_href", "/reports?from=" + UrlEscaped(report->from_date()) + "&to=" + UrlEscaped(report->to_date()));
  Data themes{Data::type::list};
  for (const auto& theme : report->themes()) {
    Data row{Data::type::object};
    row.set("id", "theme-" + theme.theme());
    row.set("label", theme.label());
    row.set("count", std::to_string(theme.count()));
    Data departments{Data::type::list};
    for (const auto& department : theme.departments()) {
      Data entry{Data::type::object};
      entry.set("code", department.key().empty() ? std::string("–") : department.key());
      entry.set("count", std::to_string(department.count()));
      departments.push_back(entry);
    }
    row.set("departments", departments);
    Data cases{Data::type::list};
    for (const auto& tagged : theme.cases()) {
      Data entry{Data::type::object};
      entry.set("href", "/cases/" + UrlEscaped(tagged.complaint_id()));
      entry.set("case_number", tagged.case_number());
      entry.set("department", tagged.department());
      entry.set("tagged_on", workplace.IsoDate(language, tagged.tagged_on()));
      cases.push_back(entry);
    }
    row.set("cases", cases);
    SetText(row, "more", theme.count() > theme.cases_size() ? std::to_string(theme.cases_size()) : "");
    themes.push_back(row);
  }
  data.set("themes", themes);
  data.set("no_themes", themes.is_empty_list());
  return workplace.Render(context, http::status::ok, "report_themes", std::move(data),
                          workplace.Text(language, "report_themes_title"));
}

}  // namespace

void AddReportPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/reports", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(AnnualPage(workplace, services, context));
          }));
  api.Add(http::verb::get, "/reports/themes", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(ThemesPage(workplace, services, context));
          }));
  // The CSV to download: a link cannot send Accept: text/csv.
  api.Add(http::verb::get, "/reports/annual.csv",
          Page([services](const RequestContext& context) -> HandlerResult {
            const auto period = PeriodOf(context);
            auto report = services.reports.Annual(*context.actor, period.from, period.to);
            if (!report) return std::unexpected(ToProblem(report.error()));
            return ReportCsvResponse(context, *report);
          }));
}

}  // namespace ombudsflow::api::web
