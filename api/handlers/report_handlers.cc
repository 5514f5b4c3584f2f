#include "api/handlers/report_handlers.h"

namespace ombudsflow::api {
namespace {

// A report's period: from and to, each at most once, and nothing else.
struct PeriodQuery {
  std::string_view from, to;
};

std::expected<PeriodQuery, Problem> PeriodOf(const RequestContext& context) {
  for (const auto& [name, value] : context.query) {
    if (name != "from" && name != "to") {
      return std::unexpected(ToProblem(InvalidArgument("a report takes only from and to",
                                                       {{name.substr(0, 64), "is not a parameter of a report"}})));
    }
    if (context.query.count(name) > 1) {
      return std::unexpected(ToProblem(InvalidArgument("a report takes one period", {{name, "is given twice"}})));
    }
  }
  const auto value = [&](const char* name) {
    const auto found = context.query.find(name);
    return found == context.query.end() ? std::string_view() : std::string_view(found->second);
  };
  return PeriodQuery{value("from"), value("to")};
}

}  // namespace

Response ReportCsvResponse(const RequestContext& context, const v1::AnnualReport& report) {
  Response response{http::status::ok, context.request.version()};
  response.set(http::field::content_type, "text/csv; charset=utf-8; header=present");
  // The period is two checked dates: nothing to quote in the name.
  response.set(http::field::content_disposition,
               "attachment; filename=\"beretning-" + report.from_date() + "-" + report.to_date() + ".csv\"");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(context.request.keep_alive());
  response.body() = AnnualReportCsv(report);
  response.prepare_payload();
  return response;
}

void AddReportRoutes(HttpApi& api, service::ReportService& reports) {
  Endpoint annual{[&reports](const RequestContext& context) -> HandlerResult {
    auto period = PeriodOf(context);
    if (!period) return std::unexpected(period.error());
    auto report = reports.Annual(*context.actor, period->from, period->to);
    if (!report) return std::unexpected(ToProblem(report.error()));
    if (context.response_format == Format::kCsv) {
      return ReportCsvResponse(context, *report);
    }
    return context.Reply(http::status::ok, *report);
  }};
  annual.csv = true;
  api.Add(http::verb::get, "/v1/reports/annual", std::move(annual));
  api.Add(http::verb::get, "/v1/reports/themes", {[&reports](const RequestContext& context) -> HandlerResult {
            auto period = PeriodOf(context);
            if (!period) return std::unexpected(period.error());
            auto report = reports.Themes(*context.actor, period->from, period->to);
            if (!report) return std::unexpected(ToProblem(report.error()));
            return context.Reply(http::status::ok, *report);
          }});
}

}  // namespace ombudsflow::api
