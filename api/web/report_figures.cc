// The annual report's figures as page data: the same for the workplace's
// report page and the published report (api/web/product_documents.cc).
#include "api/web/report_figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/base/text.h"

namespace ombudsflow::api::web {
namespace {

// The chart's geometry, in SVG user units: labels right-aligned left of
// the bars, the value after each bar.
constexpr int kChartWidth = 720;
constexpr int kLabelWidth = 340;
constexpr int kBarArea = 300;
constexpr int kRowHeight = 28;

// One decimal, with a decimal comma in Danish.
std::string Decimal(Language language, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string out(text);
  if (language == Language::kDanish) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

std::string Percent(Language language, double rate) { return Decimal(language, rate * 100.0) + " %"; }

struct Bar {
  std::string label;
  double value = 0;
  std::string shown;
  bool average = false;  // the office as a whole, drawn apart
};

// A horizontal bar chart as data for the template's SVG: every text is
// escaped there, as all page data is.
Data Chart(const std::string& id, const std::string& title, const std::string& description,
           const std::vector<Bar>& bars) {
  double largest = 0;
  for (const auto& bar : bars) largest = std::max(largest, bar.value);
  Data rows{Data::type::list};
  int y = 8;
  for (const auto& bar : bars) {
    const int width = largest <= 0 ? 0 : static_cast<int>(std::lround(bar.value / largest * kBarArea));
    Data row{Data::type::object};
    row.set("label", bar.label);
    row.set("shown", bar.shown);
    row.set("y", std::to_string(y));
    row.set("text_y", std::to_string(y + 15));
    row.set("width", std::to_string(width));
    row.set("value_x", std::to_string(kLabelWidth + 10 + width + 6));
    row.set("bar_class", bar.average ? "chart-bar chart-bar--average" : "chart-bar");
    rows.push_back(row);
    y += kRowHeight;
  }
  Data chart{Data::type::object};
  chart.set("id", id);
  chart.set("title", title);
  chart.set("description", description);
  chart.set("bars", rows);
  chart.set("width", std::to_string(kChartWidth));
  chart.set("height", std::to_string(y + 4));
  chart.set("label_x", std::to_string(kLabelWidth));
  chart.set("bar_x", std::to_string(kLabelWidth + 10));
  return chart;
}

Data Counts(const google::protobuf::RepeatedPtrField<v1::Count>& counts,
            const std::function<std::string(const std::string&)>& label) {
  Data rows{Data::type::list};
  for (const auto& count : counts) {
    Data row{Data::type::object};
    row.set("label", label(count.key()));
    row.set("count", std::to_string(count.count()));
    rows.push_back(row);
  }
  return rows;
}

std::string Days(std::int32_t days) { return std::to_string(days); }

Data DepartmentRow(Language language, const v1::DepartmentFigures& figures) {
  Data row{Data::type::object};
  row.set("name", figures.name());
  row.set("received", std::to_string(figures.complaints_received()));
  row.set("points", std::to_string(figures.points_registered()));
  row.set("investigated", std::to_string(figures.points_investigated()));
  row.set("no_criticism", std::to_string(figures.no_criticism()));
  row.set("criticism", std::to_string(figures.criticism()));
  row.set("serious", std::to_string(figures.serious_criticism()));
  row.set("recommendations", std::to_string(figures.recommendations()));
  row.set("upheld", Percent(language, figures.upheld_rate()));
  row.set("on_time", std::to_string(figures.hearings_answered_on_time()));
  row.set("late", std::to_string(figures.hearings_answered_after_reminder() +
                                 figures.hearings_answered_after_escalation()));
  row.set("response_median", Days(figures.hearing_response_median_working_days()));
  row.set("response_p90", Days(figures.hearing_response_p90_working_days()));
  const auto reported = figures.follow_ups_complied() + figures.follow_ups_partly() + figures.follow_ups_not_complied();
  row.set("follow_ups", std::to_string(reported));
  row.set("compliance", reported == 0 ? std::string("–") : Percent(language, figures.compliance_rate()));
  return row;
}

}  // namespace

void AddAnnualReportFigures(const Workplace& workplace, Language language, const v1::AnnualReport& report,
                            Data& data) {
  const auto text = [&](const std::string& key) { return workplace.Text(language, key); };
  const auto label_or = [&](const std::string& prefix) {
    return [&, prefix](const std::string& key) {
      return workplace.HasText(prefix + key) ? workplace.Text(language, prefix + key) : key;
    };
  };
  data.set("from", report.from_date());
  data.set("to", report.to_date());
  data.set("from_text", workplace.IsoDate(language, report.from_date()));
  data.set("to_text", workplace.IsoDate(language, report.to_date()));
  data.set("received", std::to_string(report.received()));
  data.set("channels", Counts(report.complaints_by_channel(), [&](const std::string& channel) {
             return label_or("channel_")(AsciiLowercase(channel));
           }));
  const auto workflow_name = [&](const std::string& workflow) { return label_or("reports_workflow_")(workflow); };
  Data departments{Data::type::list};
  std::vector<Bar> received, upheld, complied;
  for (const auto& figures : report.departments()) {
    departments.push_back(DepartmentRow(language, figures));
    received.push_back({figures.name(), static_cast<double>(figures.complaints_received()),
                        std::to_string(figures.complaints_received())});
    upheld.push_back({figures.name(), figures.upheld_rate(), Percent(language, figures.upheld_rate())});
    complied.push_back({figures.name(), figures.compliance_rate(), Percent(language, figures.compliance_rate())});
  }
  const auto& all = report.all_departments();
  upheld.push_back({text("reports_all_departments"), all.upheld_rate(), Percent(language, all.upheld_rate()), true});
  complied.push_back({text("reports_all_departments"), all.compliance_rate(), Percent(language, all.compliance_rate()), true});
  data.set("departments", departments);
  Data total = DepartmentRow(language, all);
  total.set("name", text("reports_all_departments"));
  data.set("total", total);
  Data charts{Data::type::list};
  charts.push_back(Chart("chart-received", text("reports_chart_received"), text("reports_chart_see_table"), received));
  charts.push_back(Chart("chart-upheld", text("reports_chart_upheld"), text("reports_chart_see_table"), upheld));
  charts.push_back(Chart("chart-compliance", text("reports_chart_compliance"), text("reports_chart_see_table"), complied));
  data.set("charts", charts);

  Data outcomes{Data::type::list};
  const auto add = [&](const std::string& key, long long count) {
    Data row{Data::type::object};
    row.set("label", text(key));
    row.set("count", std::to_string(count));
    outcomes.push_back(row);
  };
  add("reports_guided_to_dialogue", report.guided_to_dialogue());
  add("reports_assisted_forwardings", report.assisted_forwardings());
  add("reports_informal_resolutions", report.informal_resolutions());
  add("reports_investigations_opened", report.investigations_opened());
  add("reports_investigations_declined", report.investigations_declined());
  add("reports_own_initiative_proposed", report.own_initiative_proposed());
  add("reports_own_initiative_dropped", report.own_initiative_dropped());
  add("reports_hotline_contacts", report.hotline_contacts());
  add("reports_hotline_converted", report.hotline_converted());
  add("reports_publications", report.publications());
  add("reports_newsletters_decided", report.newsletters_decided());
  add("reports_newsletters_written", report.newsletters_written());
  data.set("outcomes", outcomes);
  data.set("referrals", Counts(report.referrals_by_kind(), label_or("reports_referral_kind_")));
  data.set("has_referrals", report.referrals_by_kind_size() > 0);
  Data kle{Data::type::list};
  for (const v1::KleCount& row : report.cases_by_kle_main_group()) {
    Data entry{Data::type::object};
    entry.set("label", row.main_group() + " " + row.title());
    entry.set("count", std::to_string(row.count()));
    kle.push_back(entry);
  }
  data.set("kle_main_groups", kle);
  data.set("has_kle_main_groups", report.cases_by_kle_main_group_size() > 0);
  data.set("decline_reasons", Counts(report.decline_reasons(), label_or("reports_decline_reason_")));
  data.set("has_decline_reasons", report.decline_reasons_size() > 0);
  data.set("own_initiative_kinds", Counts(report.own_initiative_opened(), label_or("reports_own_initiative_kind_")));
  Data stages{Data::type::list};
  for (const auto& time : report.stage_times()) {
    Data row{Data::type::object};
    row.set("workflow", workflow_name(time.workflow()));
    row.set("state", workplace.StateLabel(language, time.workflow(), time.state()));
    row.set("count", std::to_string(time.count()));
    row.set("median", Days(time.median_working_days()));
    row.set("p90", Days(time.p90_working_days()));
    stages.push_back(row);
  }
  data.set("stages", stages);
  data.set("has_stages", report.stage_times_size() > 0);
  Data deadlines{Data::type::list};
  for (const auto& passed : report.deadlines_passed()) {
    const auto slash = passed.key().find('/');
    const std::string workflow = passed.key().substr(0, slash);
    const std::string state = slash == std::string::npos ? passed.key() : passed.key().substr(slash + 1);
    Data row{Data::type::object};
    row.set("label", workflow_name(workflow) + ": " +
                         workplace.StateLabel(language, workflow, state));
    row.set("count", std::to_string(passed.count()));
    deadlines.push_back(row);
  }
  data.set("deadlines", deadlines);
  // The survey's groups of at least five answers; never a case.
  Data satisfaction{Data::type::list};
  const auto average = [&](double value) { return value <= 0 ? std::string("–") : Decimal(language, value); };
  for (const auto& group : report.satisfaction()) {
    Data row{Data::type::object};
    row.set("workflow", workflow_name(group.workflow()));
    row.set("outcome", workplace.StateLabel(language, group.workflow(), group.outcome()));
    row.set("responses", std::to_string(group.responses()));
    row.set("understood", average(group.understood()));
    row.set("respected", average(group.respected()));
    row.set("speed", average(group.speed()));
    row.set("overall", average(group.overall()));
    satisfaction.push_back(row);
  }
  data.set("satisfaction", satisfaction);
  data.set("has_satisfaction", report.satisfaction_size() > 0);
  data.set("satisfaction_hidden", std::to_string(report.satisfaction_hidden()));
  data.set("has_satisfaction_hidden", report.satisfaction_hidden() > 0);
  data.set("has_deadlines", report.deadlines_passed_size() > 0);
}

}  // namespace ombudsflow::api::web
