#pragma once

#include "api/http_api.h"
#include "engine/service/report_service.h"

namespace ombudsflow::api {

/// GET /v1/reports/annual?from=&to= (JSON, protobuf or, asked with
/// Accept: text/csv, CSV) and GET /v1/reports/themes?from=&to=.
void AddReportRoutes(HttpApi& api, service::ReportService& reports);

/// The annual report as a CSV file to download (AnnualReportCsv), named
/// by its period.
[[nodiscard]] Response ReportCsvResponse(const RequestContext& context, const v1::AnnualReport& report);

}  // namespace ombudsflow::api
