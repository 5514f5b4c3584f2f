#pragma once

#include <string>

#include "api/web/workplace.h"
#include "engine/service/newsletter_service.h"
#include "engine/service/report_service.h"

namespace ombudsflow::api::web {

/// How a KlarRet edition or an annual report becomes its published
/// document: `template_html` (templates/newsletter/document.html.mustache)
/// rendered with the product's text, and for an annual report the figures
/// of its period as the report page shows them (report_figures.h). The
/// result is what WeasyPrint renders as PDF/UA: Danish, titled, tagged.
[[nodiscard]] service::NewsletterService::DocumentOf ProductDocuments(const Workplace& workplace,
                                                                      service::ReportService& reports,
                                                                      std::string template_html);

}  // namespace ombudsflow::api::web
