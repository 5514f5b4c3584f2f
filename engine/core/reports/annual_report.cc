#include "engine/core/reports/annual_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "engine/core/base/iso_date.h"

namespace ombudsflow {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr const char* kComplaint = "complaint";
constexpr const char* kOwnInitiative = "own_initiative";
constexpr const char* kHotline = "discrimination_hotline";

using Histogram = std::map<std::int32_t, std::int64_t>;

std::vector<std::pair<std::int32_t, std::int64_t>> Entries(const Histogram& histogram) {
  return {histogram.begin(), histogram.end()};
}

// Sums of the tallies, looked up by what the report asks.
class Sums {
 public:
  explicit Sums(const std::vector<TallySum>& sums) : sums_(sums) {}

  template <class Predicate>
  [[nodiscard]] std::int64_t Total(Predicate matches) const {
    std::int64_t total = 0;
    for (const auto& sum : sums_) {
      if (matches(sum)) total += sum.count;
    }
    return total;
  }

  // By key, of the tallies `matches` selects.
  template <class Predicate>
  [[nodiscard]] std::map<std::string, std::int64_t> ByKey(Predicate matches) const {
    std::map<std::string, std::int64_t> counts;
    for (const auto& sum : sums_) {
      if (matches(sum)) counts[sum.key] += sum.count;
    }
    return counts;
  }

  template <class Predicate>
  [[nodiscard]] Histogram Values(Predicate matches) const {
    Histogram histogram;
    for (const auto& sum : sums_) {
      if (matches(sum)) histogram[sum.value] += sum.count;
    }
    return histogram;
  }

  [[nodiscard]] const std::vector<TallySum>& All() const { return sums_; }

 private:
  const std::vector<TallySum>& sums_;
};

auto Is(std::string measure, std::string key) {
  return [measure = std::move(measure), key = std::move(key)](const TallySum& sum) {
    return sum.measure == measure && sum.key == key;
  };
}

// A fired transition that means `meaning` in its workflow, whatever its name.
auto Fired(const WorkflowMeanings& meanings, v1::StepMeaning meaning) {
  return [&meanings, meaning](const TallySum& sum) {
    return sum.measure == "transition" && meanings.StepIs(sum.workflow, sum.key, meaning);
  };
}

// A tally of `measure` keyed by a state that means `meaning`.
auto AtState(const WorkflowMeanings& meanings, std::string measure, v1::StateMeaning meaning) {
  return [&meanings, measure = std::move(measure), meaning](const TallySum& sum) {
    return sum.measure == measure && meanings.StateIs(sum.workflow, sum.key, meaning);
  };
}

// The department's answers to hearings (chain exits "state:transition"),
// from a state that means `from`, or from any.
auto HearingsAnswered(const WorkflowMeanings& meanings, v1::StateMeaning from = v1::STATE_MEANING_UNSPECIFIED) {
  return [&meanings, from](const TallySum& sum) {
    if (sum.measure != "chain_exit") return false;
    const auto colon = sum.key.find(':');
    if (colon == std::string::npos) return false;
    const std::string_view key(sum.key);
    return meanings.StepIs(sum.workflow, key.substr(colon + 1), v1::STEP_ANSWER_HEARING) &&
           (from == v1::STATE_MEANING_UNSPECIFIED || meanings.StateIs(sum.workflow, key.substr(0, colon), from));
  };
}

template <class Predicate>
auto In(std::string workflow, Predicate matches) {
  return [workflow = std::move(workflow), matches](const TallySum& sum) {
    return sum.workflow == workflow && matches(sum);
  };
}

// Counts by key, most frequent first (ties by key).
void AddCounts(const std::map<std::string, std::int64_t>& counts,
               google::protobuf::RepeatedPtrField<v1::Count>& out) {
  std::vector<std::pair<std::string, std::int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [key, count] : sorted) {
    auto& added = *out.Add();
    added.set_key(key);
    added.set_count(count);
  }
}

double Rate(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// The figures of one department, or of all (`matches` picks the tallies).
template <class Predicate>
v1::DepartmentFigures Figures(const Sums& sums, const WorkflowMeanings& meanings, Predicate of_department) {
  const auto mine = [&](auto predicate) {
    return [&, predicate](const TallySum& sum) { return of_department(sum) && predicate(sum); };
  };
  v1::DepartmentFigures figures;
  figures.set_complaints_received(
      sums.Total(mine(In(kComplaint, [](const TallySum& sum) { return sum.measure == "received"; }))));
  figures.set_points_registered(sums.Total(mine(Is("points", "registered"))));
  figures.set_points_investigated(sums.Total(mine(Is("points", "selected"))));
  figures.set_no_criticism(sums.Total(mine(Is("outcome", "no_criticism"))));
  figures.set_criticism(sums.Total(mine(Is("outcome", "criticism"))));
  figures.set_serious_criticism(sums.Total(mine(Is("outcome", "serious_criticism"))));
  figures.set_recommendations(sums.Total(mine(Is("recommendation", ""))));
  figures.set_upheld_rate(Rate(figures.criticism() + figures.serious_criticism(),
                               figures.no_criticism() + figures.criticism() + figures.serious_criticism()));
  figures.set_hearings_answered_on_time(sums.Total(mine(HearingsAnswered(meanings, v1::STATE_HEARING))));
  figures.set_hearings_answered_after_reminder(
      sums.Total(mine(HearingsAnswered(meanings, v1::STATE_HEARING_REMINDED))));
  figures.set_hearings_answered_after_escalation(
      sums.Total(mine(HearingsAnswered(meanings, v1::STATE_HEARING_ESCALATED))));
  const auto responses = Entries(sums.Values(mine(HearingsAnswered(meanings))));
  figures.set_hearing_response_median_working_days(NearestRank(responses, 0.5));
  figures.set_hearing_response_p90_working_days(NearestRank(responses, 0.9));
  figures.set_hearing_deadlines_missed(sums.Total(mine(AtState(meanings, "deadline_passed", v1::STATE_HEARING))));
  figures.set_follow_ups_complied(sums.Total(mine(Is("compliance", "complied"))));
  figures.set_follow_ups_partly(sums.Total(mine(Is("compliance", "partly"))));
  figures.set_follow_ups_not_complied(sums.Total(mine(Is("compliance", "not_complied"))));
  figures.set_compliance_rate(Rate(figures.follow_ups_complied(), figures.follow_ups_complied() +
                                                                      figures.follow_ups_partly() +
                                                                      figures.follow_ups_not_complied()));
  figures.set_follow_up_deadlines_missed(
      sums.Total(mine(AtState(meanings, "deadline_passed", v1::STATE_AWAITING_FOLLOW_UP))));
  figures.set_own_initiative_opened(
      sums.Total(mine(In(kOwnInitiative, Fired(meanings, v1::STEP_OPEN_OWN_INITIATIVE)))));
  return figures;
}

void AddTimes(const Sums& sums, const std::string& measure, google::protobuf::RepeatedPtrField<v1::StageTime>& out) {
  std::map<std::pair<std::string, std::string>, Histogram> by_state;
  for (const auto& sum : sums.All()) {
    if (sum.measure == measure) by_state[{sum.workflow, sum.key}][sum.value] += sum.count;
  }
  for (const auto& [where, histogram] : by_state) {
    const auto entries = Entries(histogram);
    auto& time = *out.Add();
    time.set_workflow(where.first);
    time.set_state(where.second);
    std::int64_t count = 0;
    for (const auto& [value, n] : entries) count += n;
    time.set_count(count);
    time.set_median_working_days(NearestRank(entries, 0.5));
    time.set_p90_working_days(NearestRank(entries, 0.9));
  }
}

// RFC 4180 rows. A text cell a spreadsheet would take for a formula (it
// begins with =, +, -, @ or a control character) is prefixed with an
// apostrophe: department names are the office's data, not ours.
class CsvWriter {
 public:
  void Row(std::initializer_list<std::string> cells) {
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out_ += ',';
      first = false;
      Cell(cell);
    }
    out_ += "\r\n";
  }
  [[nodiscard]] std::string Take() { return std::move(out_); }

 private:
  void Cell(const std::string& cell) {
    const bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                           cell[0] == '@' || static_cast<unsigned char>(cell[0]) < 0x20);
    std::string text;
    text.reserve(cell.size() + 1);
    if (formula) text.push_back('\'');
    text.append(cell);
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
      out_ += text;
      return;
    }
    out_ += '"';
    for (char c : text) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
  }

  std::string out_ = "\xEF\xBB\xBF";  // the byte-order mark
};

std::string Number(double value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 4);
  return std::string(buffer, written.ptr);
}

void AddCountRows(CsvWriter& csv, const std::string& section,
                  const google::protobuf::RepeatedPtrField<v1::Count>& counts) {
  for (const auto& count : counts) csv.Row({section, "", count.key(), std::to_string(count.count())});
}

// Every number of a message, by field name, through reflection: a figure
// added to the proto reaches the CSV without a line here.
void AddFigureRows(CsvWriter& csv, const std::string& section, const std::string& department,
                   const google::protobuf::Message& figures) {
  const auto* descriptor = figures.GetDescriptor();
  const auto* reflection = figures.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    std::string value;
    switch (field->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
        value = std::to_string(reflection->GetInt64(figures, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        value = std::to_string(reflection->GetInt32(figures, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE:
        value = Number(reflection->GetDouble(figures, field));
        break;
      default:
        continue;
    }
    csv.Row({section, department, field->name(), value});
  }
}

}  // namespace

std::optional<YearStart> ParseYearStart(std::string_view text) {
  unsigned month_number = 0, day_number = 0;
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  const auto parse = [](std::string_view digits, unsigned& out) {
    if (digits.size() != 2 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    return std::from_chars(digits.data(), digits.data() + digits.size(), out).ec == std::errc();
  };
  if (!parse(text.substr(0, 2), month_number) || !parse(text.substr(3, 2), day_number)) return std::nullopt;
  // A year every date exists in, 29 February excepted.
  const year_month_day date{year(2025), month(month_number), day(day_number)};
  if (!date.ok()) return std::nullopt;
  return YearStart{month_number, day_number};
}

Result<ReportPeriod> ParseReportPeriod(std::string_view from, std::string_view to, Date today,
                                       YearStart year_start) {
  if (from.empty() && to.empty()) {
    const year_month_day now{today};
    year begins_in = now.year();
    const auto starts = [&](year y) { return Date{y / month(year_start.month) / day(year_start.day)}; };
    if (today < starts(begins_in)) --begins_in;
    const Date begins = starts(begins_in);
    return ReportPeriod{begins, starts(begins_in + std::chrono::years{1}) - std::chrono::days{1}};
  }
  if (from.empty() || to.empty()) {
    return std::unexpected(InvalidArgument("give both from and to, or neither for this reporting year",
                                           {{from.empty() ? "from" : "to", "is required with the other", "required_with_other"}}));
  }
  const auto begins = ParseIsoDate(from);
  const auto ends = ParseIsoDate(to);
  if (!begins || !ends) {
    return std::unexpected(InvalidArgument("from and to are days, as YYYY-MM-DD",
                                           {{!begins ? "from" : "to", "is not a day (YYYY-MM-DD)", "not_a_day"}}));
  }
  if (*ends < *begins) {
    return std::unexpected(InvalidArgument("the period ends before it begins", {{"to", "is before from", "before_from"}}));
  }
  if (*ends - *begins > std::chrono::days{3653}) {
    return std::unexpected(InvalidArgument("a report covers at most ten years", {{"to", "is more than ten years after from", "over_ten_years"}}));
  }
  return ReportPeriod{*begins, *ends};
}

std::int32_t NearestRank(const std::vector<std::pair<std::int32_t, std::int64_t>>& histogram, double share) {
  std::int64_t total = 0;
  for (const auto& [value, count] : histogram) total += count;
  if (total == 0) return 0;
  const auto rank = static_cast<std::int64_t>(std::ceil(share * static_cast<double>(total)));
  std::int64_t seen = 0;
  for (const auto& [value, count] : histogram) {
    seen += count;
    if (seen >= rank) return value;
  }
  return histogram.back().first;
}

v1::AnnualReport BuildAnnualReport(const ReportPeriod& period, const std::vector<TallySum>& tallies,
                                   const std::vector<DepartmentName>& departments, const WorkflowMeanings& meanings) {
  const Sums sums(tallies);
  v1::AnnualReport report;
  report.set_from_date(FormatIsoDate(period.from));
  report.set_to_date(FormatIsoDate(period.to));
  report.set_received(sums.Total([](const TallySum& sum) { return sum.measure == "received"; }));
  AddCounts(sums.ByKey(In(kComplaint, [](const TallySum& sum) { return sum.measure == "received"; })),
            *report.mutable_complaints_by_channel());

  std::vector<DepartmentName> named = departments;
  std::set<std::string> known;
  for (const auto& department : departments) known.insert(department.code);
  std::set<std::string> retired;
  for (const auto& sum : tallies) {
    if (!sum.department.empty() && !known.contains(sum.department)) retired.insert(sum.department);
  }
  for (const auto& code : retired) named.push_back({code, code});
  for (const auto& department : named) {
    auto figures =
        Figures(sums, meanings, [&](const TallySum& sum) { return sum.department == department.code; });
    figures.set_department(department.code);
    figures.set_name(department.name);
    *report.add_departments() = std::move(figures);
  }
  *report.mutable_all_departments() = Figures(sums, meanings, [](const TallySum&) { return true; });
  report.mutable_all_departments()->set_name("Alle forvaltninger");

  AddCounts(sums.ByKey([](const TallySum& sum) { return sum.measure == "referral"; }),
            *report.mutable_referrals_by_kind());
  report.set_assisted_forwardings(sums.Total(In(kComplaint, Fired(meanings, v1::STEP_ASSISTED_FORWARDING))));
  report.set_guided_to_dialogue(sums.Total(In(kComplaint, Fired(meanings, v1::STEP_GUIDE_TO_DIALOGUE))));
  report.set_informal_resolutions(sums.Total(In(kComplaint, Fired(meanings, v1::STEP_RESOLVE_INFORMALLY))));
  report.set_investigations_declined(sums.Total(In(kComplaint, Fired(meanings, v1::STEP_DECLINE_INVESTIGATION))));
  auto reasons = sums.ByKey(In(kComplaint, [](const TallySum& sum) { return sum.measure == "decline_reason"; }));
  std::int64_t with_reason = 0;
  for (const auto& [reason, count] : reasons) with_reason += count;
  if (report.investigations_declined() > with_reason) {
    reasons["not_recorded"] += report.investigations_declined() - with_reason;
  }
  AddCounts(reasons, *report.mutable_decline_reasons());
  report.set_investigations_opened(sums.Total(In(kComplaint, Fired(meanings, v1::STEP_OPEN_INVESTIGATION))));
  report.set_own_initiative_proposed(
      sums.Total(In(kOwnInitiative, [](const TallySum& sum) { return sum.measure == "received"; })));
  AddCounts(sums.ByKey(In(kOwnInitiative, [](const TallySum& sum) { return sum.measure == "kind"; })),
            *report.mutable_own_initiative_opened());
  report.set_own_initiative_dropped(sums.Total(In(kOwnInitiative, Fired(meanings, v1::STEP_DROP_OWN_INITIATIVE))));
  report.set_hotline_contacts(sums.Total(In(kHotline, [](const TallySum& sum) { return sum.measure == "received"; })));
  report.set_hotline_converted(sums.Total(In(kHotline, Fired(meanings, v1::STEP_CONVERT_TO_COMPLAINT))));
  AddTimes(sums, "stage", *report.mutable_stage_times());
  AddTimes(sums, "case", *report.mutable_case_times());
  std::map<std::string, std::int64_t> passed;
  for (const auto& sum : tallies) {
    if (sum.measure == "deadline_passed") passed[sum.workflow + "/" + sum.key] += sum.count;
  }
  AddCounts(passed, *report.mutable_deadlines_passed());
  report.set_publications(sums.Total(Fired(meanings, v1::STEP_APPROVE_PUBLICATION)));
  report.set_newsletters_decided(sums.Total([](const TallySum& sum) { return sum.measure == "newsletter"; }));
  report.set_newsletters_written(sums.Total(Is("newsletter", "true")));
  AddCounts(sums.ByKey([](const TallySum& sum) { return sum.measure == "themes"; }), *report.mutable_themes());
  return report;
}

}  // namespace ombudsflow

namespace ombudsflow {

void AddKleMainGroups(const std::vector<TallySum>& tallies, const v1::KleVocabulary& kle, v1::AnnualReport& report) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& sum : tallies) {
    if (sum.measure == "kle_main_group") counts[sum.key] += sum.count;
  }
  for (const auto& [main_group, count] : counts) {  // a map: in number order
    if (count == 0) continue;
    std::string title = main_group;
    for (const v1::KleEntry& entry : kle.main_group()) {
      if (entry.number() == main_group) title = entry.title();
    }
    v1::KleCount& row = *report.add_cases_by_kle_main_group();
    row.set_main_group(main_group);
    row.set_title(title);
    row.set_count(count);
  }
}

std::string AnnualReportCsv(const v1::AnnualReport& report) {
  CsvWriter csv;
  csv.Row({"section", "department", "item", "value"});
  csv.Row({"period", "", "from", report.from_date()});
  csv.Row({"period", "", "to", report.to_date()});
  AddFigureRows(csv, "office", "", report);
  AddCountRows(csv, "complaints_by_channel", report.complaints_by_channel());
  for (const auto& department : report.departments()) {
    csv.Row({"department", department.department(), "name", department.name()});
    AddFigureRows(csv, "department", department.department(), department);
  }
  AddFigureRows(csv, "all_departments", "", report.all_departments());
  AddCountRows(csv, "referrals_by_kind", report.referrals_by_kind());
  AddCountRows(csv, "decline_reasons", report.decline_reasons());
  AddCountRows(csv, "own_initiative_opened", report.own_initiative_opened());
  for (const auto* times : {&report.stage_times(), &report.case_times()}) {
    const std::string section = times == &report.stage_times() ? "stage_time" : "case_time";
    for (const auto& time : *times) {
      const std::string item = time.workflow() + "/" + time.state();
      csv.Row({section, "", item + "/count", std::to_string(time.count())});
      csv.Row({section, "", item + "/median_working_days", std::to_string(time.median_working_days())});
      csv.Row({section, "", item + "/p90_working_days", std::to_string(time.p90_working_days())});
    }
  }
  AddCountRows(csv, "deadlines_passed", report.deadlines_passed());
  AddCountRows(csv, "themes", report.themes());
  for (const auto& row : report.cases_by_kle_main_group()) {
    csv.Row({"cases_by_kle_main_group", "", row.main_group() + " " + row.title(), std::to_string(row.count())});
  }
  return csv.Take();
}

}  // namespace ombudsflow
