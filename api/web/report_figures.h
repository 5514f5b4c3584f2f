#pragma once

#include "api/web/workplace.h"
#include "ombudsflow/v1/reports.pb.h"

namespace ombudsflow::api::web {

/// Adds the annual report's figures, tables and SVG charts as template data
/// (templates/web/reports.mustache's names), in `language`: the period,
/// the received cases by channel, the departments and the office as a
/// whole, the outcomes, referrals, KLE groups, stage times and deadlines.
void AddAnnualReportFigures(const Workplace& workplace, Language language, const v1::AnnualReport& report,
                            Data& data);

}  // namespace ombudsflow::api::web
