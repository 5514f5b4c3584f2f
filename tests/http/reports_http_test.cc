// The annual report and the themes report over HTTP, on a history the test
// generates through the API: a seeded random mix of every path a complaint
// takes, own-initiative investigations and hotline contacts. The test keeps
// its own count of what it did, case by case, and compares the report with
// that count: the figures are computed here independently, never by the
// report's SQL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "engine/core/base/calendar.h"
#include "engine/core/base/iso_date.h"
#include "engine/core/workflow/referral_registry.h"
#include "ombudsflow/v1/reports.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using http::status;
using http::verb;

// What one department's cases did, as the test counts it.
struct Expected {
  long long received = 0, points = 0, selected = 0, no_criticism = 0, criticism = 0, serious = 0,
            recommendations = 0, on_time = 0, after_reminder = 0, complied = 0, partly = 0, not_complied = 0;
  std::vector<int> hearing_days;
};

// The smallest value at least `share` of `values` are at or below.
int Percentile(std::vector<int> values, double share) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t rank = 1;
  while (static_cast<double>(rank) < share * static_cast<double>(values.size())) ++rank;
  return values[rank - 1];
}

class ReportsHttpTest : public testing::ServerFixture {
 protected:
  // The case cache off: the test moves a case's state entry back in time
  // in the database, as weeks passing would. Timers look often.
  std::vector<std::string> ServerArgs() const override {
    return {"--case-cache", "0", "--timer-interval-ms", "100", "--reporting-year-start", "04-01"};
  }

  std::string Create(const std::string& path, const std::string& json) {
    auto created = Send(verb::post, path, Role::kCaseworker, json, {{"Content-Type", "application/json"}});
    EXPECT_EQ(created.result(), status::created) << created.body();
    return Parse<v1::Complaint>(created).id();
  }

  void Fire(const std::string& id, Role role, const std::string& name, const std::string& input = "{}") {
    auto fired = FireNow(id, role, name, input);
    ASSERT_EQ(fired.result(), status::ok) << name << ": " << fired.body();
  }

  std::string State(const std::string& id) {
    return database_->Text("SELECT state FROM case_state WHERE id = '" + id + "'");
  }

  // Moves the case's entry into its state `weeks` weeks back, and returns
  // the working days that makes by the office's calendar.
  int EnteredWeeksAgo(const std::string& id, int weeks) {
    database_->Execute("UPDATE case_state SET state_entered_at = now() - interval '" + std::to_string(7 * weeks) +
                       " days' WHERE id = '" + id + "'");
    const auto entered = ParseIsoDate(database_->Text(
        "SELECT (state_entered_at AT TIME ZONE 'Europe/Copenhagen')::date::text FROM case_state WHERE id = '" + id + "'"));
    const auto today = ParseIsoDate(database_->Text("SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date::text"));
    return static_cast<int>(calendar_.WorkingDaysBetween(*entered, *today));
  }

  bool WaitForState(const std::string& id, const std::string& state) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (State(id) == state) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::string Today() { return database_->Text("SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date::text"); }

  HolidayCalendar calendar_ = HolidayCalendar::Danish();
};

constexpr const char* kCriteria =
    R"("actuality": "a", "significance": "b", "complexity": "c", "citizen_gain": "d", "improvement_potential": "e")";

TEST_F(ReportsHttpTest, TheAnnualReportAddsUpAGeneratedHistoryCountedIndependently) {
  std::mt19937 random(20261201);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const std::vector<std::string> departments = {"BUF", "SOF", "TMF"};
  const std::vector<std::string> channels = {"LETTER", "EMAIL", "WEB_FORM", "PHONE", "IN_PERSON"};
  const std::vector<std::string> bodies = {"ankestyrelsen", "folketingets_ombudsmand", "advokatvagten", "datatilsynet"};
  const std::vector<std::string> outcomes = {"NO_CRITICISM", "CRITICISM", "SERIOUS_CRITICISM"};
  const std::vector<std::string> reasons = {"no_prospect_of_criticism", "little_significance", "other"};
  const std::vector<std::string> themes = {"partshoering", "begrundelse", "svarfrist", "journalisering"};
  const std::vector<std::string> compliance = {"complied", "partly", "not_complied"};

  std::map<std::string, Expected> expected;
  std::map<std::string, long long> by_channel, referral_kinds, decline_reasons, theme_counts;
  std::map<std::string, std::map<std::string, long long>> theme_departments;
  long long guided = 0, forwarded = 0, informal = 0, declined = 0, opened = 0, newsletters = 0, written = 0;
  std::vector<int> hearing_stage_days;
  int reminded = 0;

  for (int n = 0; n < 40; ++n) {
    const std::string department = departments[pick(3)];
    const std::string channel = channels[pick(5)];
    const std::string id = Create("/v1/complaints", R"({"channel": ")" + channel +
                                                        R"(", "complainant": {"name": "Borger )" + std::to_string(n) +
                                                        R"(", "language": "da", "postalAddress": "Rådhuspladsen 1"}, "department": ")" + department +
                                                        R"(", "subject": "Klage", "description": "Om sagen."})");
    Expected& mine = expected[department];
    ++mine.received;
    ++by_channel[channel];
    const int path = pick(8);
    if (path == 0) {
      const std::string body = bodies[pick(4)];
      Fire(id, Role::kCaseworker, "refer_elsewhere",
           R"({"referred_to": ")" + body + R"(", "referral_reason": "Uden for kommunen"})");
      ++referral_kinds[ReferralKindName(FindReferralBody(testing::ShippedReferrals(), body)->kind())];
      continue;
    }
    if (path == 1) {
      Fire(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})");
      ++guided;
      continue;
    }
    if (path == 2) {
      Fire(id, Role::kCaseworker, "assisted_forwarding",
           R"({"department_has_answered": false, "cannot_manage_alone": true, "has_other_help": false,
               "forwarded_to": ")" + department + "\"}");
      ++forwarded;
      continue;
    }
    Fire(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})");
    if (path == 3) {
      const bool newsletter = pick(2) == 0;
      Fire(id, Role::kCaseworker, "resolve_informally",
           std::string(R"({"resolution": "Løst", "newsletter": )") + (newsletter ? "true" : "false") +
               R"(, "newsletter_criteria": [)" + (newsletter ? R"("public_interest")" : "") +
               R"(], "newsletter_note": "n"})");
      ++informal;
      ++newsletters;
      written += newsletter ? 1 : 0;
      continue;
    }
    const int points = 1 + pick(3);
    std::string texts;
    for (int p = 1; p <= points; ++p) texts += std::string(p > 1 ? ", " : "") + "\"Punkt " + std::to_string(p) + "\"";
    Fire(id, Role::kCaseworker, "start_written_treatment", R"({"points": [)" + texts + "]}");
    mine.points += points;
    if (path == 4) {
      const std::string reason = reasons[pick(3)];
      Fire(id, Role::kOmbudsman, "decline_investigation",
           std::string("{") + kCriteria + R"(, "decline_reason": ")" + reason +
               R"(", "newsletter": false, "newsletter_criteria": [], "newsletter_note": "n"})");
      ++declined;
      ++decline_reasons[reason];
      ++newsletters;
      continue;
    }
    // Investigated: some points selected, the department heard.
    std::vector<int> selected;
    for (int p = 1; p <= points; ++p) {
      if (p == 1 || pick(2) == 0) selected.push_back(p);
    }
    std::string numbers;
    for (int p : selected) numbers += std::string(numbers.empty() ? "" : ", ") + std::to_string(p);
    Fire(id, Role::kOmbudsman, "open_investigation", std::string("{") + kCriteria + R"(, "selected_points": [)" + numbers + "]}");
    ++opened;
    mine.selected += static_cast<long long>(selected.size());
    const int hearing_days = EnteredWeeksAgo(id, pick(5));
    hearing_stage_days.push_back(hearing_days);
    if (reminded < 2 && pick(3) == 0) {
      // The hearing's deadline passes: the timer reminds the department.
      ++reminded;
      database_->Execute("UPDATE case_state SET deadline_at = now() - interval '1 minute' WHERE id = '" + id + "'");
      ASSERT_TRUE(WaitForState(id, "hearing_reminded"));
      ++mine.after_reminder;
      mine.hearing_days.push_back(15);  // the hearing's deadline, then the same day
    } else {
      ++mine.on_time;
      mine.hearing_days.push_back(hearing_days);
    }
    Fire(id, Role::kCaseworker, "record_department_answer", R"({"department_answer": "Svar"})");
    std::string assessments, tags;
    bool recommended = false;
    for (int p : selected) {
      const std::string outcome = outcomes[pick(3)];
      const bool recommend = outcome != "NO_CRITICISM" && pick(2) == 0;
      recommended = recommended || recommend;
      assessments += std::string(assessments.empty() ? "" : ", ") + R"({"number": )" + std::to_string(p) +
                     R"(, "outcome": ")" + outcome + R"(", "reasoning": "r")" +
                     (recommend ? R"(, "recommendation": "Gør det om")" : "") + "}";
      (outcome == "NO_CRITICISM" ? mine.no_criticism : outcome == "CRITICISM" ? mine.criticism : mine.serious) += 1;
      mine.recommendations += recommend ? 1 : 0;
    }
    for (const auto& theme : themes) {
      if (pick(3) != 0) continue;
      tags += std::string(tags.empty() ? "" : ", ") + "\"" + theme + "\"";
      ++theme_counts[theme];
      ++theme_departments[theme][department];
    }
    Fire(id, Role::kCaseworker, "assess_points", R"({"assessments": [)" + assessments + R"(], "themes": [)" + tags + "]}");
    ++newsletters;
    const char* decision = R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "n"})";
    if (!recommended) {
      // Without a recommendation there is nothing to follow up.
      EXPECT_EQ(FireNow(id, Role::kCaseworker, "await_follow_up", decision).result(), status::unprocessable_entity);
      Fire(id, Role::kOmbudsman, "close_without_publication", decision);
      continue;
    }
    EXPECT_EQ(FireNow(id, Role::kOmbudsman, "close_without_publication", decision).result(), status::unprocessable_entity);
    Fire(id, Role::kCaseworker, "await_follow_up", decision);
    const std::string reported = compliance[pick(3)];
    Fire(id, Role::kCaseworker, "record_follow_up",
         R"({"compliance": ")" + reported + R"(", "follow_up_note": "Praksis ændret"})");
    (reported == "complied" ? mine.complied : reported == "partly" ? mine.partly : mine.not_complied) += 1;
  }

  // Own-initiative investigations and hotline contacts.
  const std::string inspection = Create("/v1/investigations", R"({"department": "SOF", "subject": "Tilsyn", "description": "d"})");
  Fire(inspection, Role::kOmbudsman, "decide_to_investigate",
       std::string(R"({"kind": "inspection", "source": "press", )") + kCriteria + "}");
  const std::string dropped = Create("/v1/investigations", R"({"department": "TMF", "subject": "Forslag", "description": "d"})");
  Fire(dropped, Role::kOmbudsman, "drop", R"({"reason_not_investigated": "Ikke aktuelt"})");
  for (const char* end : {"refer", "guide_on_options"}) {
    const std::string contact = Create("/v1/hotline-contacts", R"({"channel": "PHONE", "subject": "Afvist", "description": "d"})");
    Fire(contact, Role::kCaseworker, "assess", R"({"possible_illegal_discrimination": true, "ground": "etnicitet"})");
    if (std::string(end) == "refer") {
      Fire(contact, Role::kCaseworker, "refer", R"({"referred_to": "ankestyrelsen", "referral_reason": "Klagenævn"})");
      ++referral_kinds["appeals_board"];
    } else {
      Fire(contact, Role::kCaseworker, "guide_on_options", R"({"options_given": "Klagemuligheder"})");
    }
  }

  // The seed's history takes every path, so no figure is compared at zero alone.
  long long follow_ups = 0, recommended_points = 0;
  for (const auto& [code, mine] : expected) {
    follow_ups += mine.complied + mine.partly + mine.not_complied;
    recommended_points += mine.recommendations;
  }
  ASSERT_GT(guided * forwarded * informal * declined * opened, 0);
  ASSERT_EQ(reminded, 2);
  ASSERT_GT(follow_ups, 1);
  ASSERT_GT(recommended_points, 1);
  ASSERT_GE(referral_kinds.size(), 2u);
  ASSERT_GE(theme_counts.size(), 3u);

  const std::string today = Today();
  auto response = Send(verb::get, "/v1/reports/annual?from=" + today + "&to=" + today, Role::kOmbudsman);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  const auto report = Parse<v1::AnnualReport>(response);
  EXPECT_EQ(report.received(), 40 + 2 + 2);
  for (const auto& count : report.complaints_by_channel()) EXPECT_EQ(count.count(), by_channel[count.key()]) << count.key();
  EXPECT_EQ(report.complaints_by_channel_size(), static_cast<int>(by_channel.size()));
  for (const auto& figures : report.departments()) {
    const Expected& mine = expected[figures.department()];
    SCOPED_TRACE(figures.department());
    EXPECT_EQ(figures.complaints_received(), mine.received);
    EXPECT_EQ(figures.points_registered(), mine.points);
    EXPECT_EQ(figures.points_investigated(), mine.selected);
    EXPECT_EQ(figures.no_criticism(), mine.no_criticism);
    EXPECT_EQ(figures.criticism(), mine.criticism);
    EXPECT_EQ(figures.serious_criticism(), mine.serious);
    EXPECT_EQ(figures.recommendations(), mine.recommendations);
    const long long assessed = mine.no_criticism + mine.criticism + mine.serious;
    EXPECT_DOUBLE_EQ(figures.upheld_rate(), assessed == 0 ? 0.0 : double(mine.criticism + mine.serious) / double(assessed));
    EXPECT_EQ(figures.hearings_answered_on_time(), mine.on_time);
    EXPECT_EQ(figures.hearings_answered_after_reminder(), mine.after_reminder);
    EXPECT_EQ(figures.hearing_deadlines_missed(), mine.after_reminder);
    EXPECT_EQ(figures.hearing_response_median_working_days(), Percentile(mine.hearing_days, 0.5));
    EXPECT_EQ(figures.hearing_response_p90_working_days(), Percentile(mine.hearing_days, 0.9));
    EXPECT_EQ(figures.follow_ups_complied(), mine.complied);
    EXPECT_EQ(figures.follow_ups_partly(), mine.partly);
    EXPECT_EQ(figures.follow_ups_not_complied(), mine.not_complied);
    const long long reported = mine.complied + mine.partly + mine.not_complied;
    EXPECT_DOUBLE_EQ(figures.compliance_rate(), reported == 0 ? 0.0 : double(mine.complied) / double(reported));
  }
  EXPECT_EQ(report.departments_size(), 7);  // every department, those without cases too
  EXPECT_EQ(report.all_departments().complaints_received(), 40);
  EXPECT_EQ(report.guided_to_dialogue(), guided);
  EXPECT_EQ(report.assisted_forwardings(), forwarded);
  EXPECT_EQ(report.informal_resolutions(), informal);
  EXPECT_EQ(report.investigations_declined(), declined);
  EXPECT_EQ(report.investigations_opened(), opened);
  for (const auto& count : report.decline_reasons()) EXPECT_EQ(count.count(), decline_reasons[count.key()]) << count.key();
  EXPECT_EQ(report.decline_reasons_size(), static_cast<int>(decline_reasons.size()));
  for (const auto& count : report.referrals_by_kind()) EXPECT_EQ(count.count(), referral_kinds[count.key()]) << count.key();
  EXPECT_EQ(report.referrals_by_kind_size(), static_cast<int>(referral_kinds.size()));
  EXPECT_EQ(report.own_initiative_proposed(), 2);
  ASSERT_EQ(report.own_initiative_opened_size(), 1);
  EXPECT_EQ(report.own_initiative_opened(0).key(), "inspection");
  EXPECT_EQ(report.own_initiative_dropped(), 1);
  EXPECT_EQ(report.hotline_contacts(), 2);
  EXPECT_EQ(report.newsletters_decided(), newsletters);
  EXPECT_EQ(report.newsletters_written(), written);
  const auto hearing = std::find_if(report.stage_times().begin(), report.stage_times().end(), [](const auto& time) {
    return time.workflow() == "complaint" && time.state() == "hearing";
  });
  ASSERT_NE(hearing, report.stage_times().end());
  EXPECT_EQ(hearing->count(), static_cast<long long>(hearing_stage_days.size()));
  EXPECT_EQ(hearing->median_working_days(), Percentile(hearing_stage_days, 0.5));
  EXPECT_EQ(hearing->p90_working_days(), Percentile(hearing_stage_days, 0.9));
  for (const auto& count : report.themes()) EXPECT_EQ(count.count(), theme_counts[count.key()]) << count.key();

  // The themes report: each theme's count, departments and cases.
  auto themes_response = Send(verb::get, "/v1/reports/themes?from=" + today + "&to=" + today, Role::kCaseworker);
  ASSERT_EQ(themes_response.result(), status::ok) << themes_response.body();
  const auto themes_report = Parse<v1::ThemesReport>(themes_response);
  ASSERT_EQ(themes_report.themes_size(), static_cast<int>(theme_counts.size()));
  for (int i = 0; i < themes_report.themes_size(); ++i) {
    const auto& theme = themes_report.themes(i);
    SCOPED_TRACE(theme.theme());
    EXPECT_EQ(theme.count(), theme_counts[theme.theme()]);
    EXPECT_EQ(theme.cases_size(), theme.count());
    if (i > 0) EXPECT_GE(themes_report.themes(i - 1).count(), theme.count());
    for (const auto& department : theme.departments()) {
      EXPECT_EQ(department.count(), theme_departments[theme.theme()][department.key()]);
    }
    for (const auto& tagged : theme.cases()) {
      EXPECT_THAT(tagged.case_number(), StartsWith("BR-"));
      EXPECT_EQ(tagged.tagged_on(), today);
    }
  }
  ASSERT_GT(themes_report.themes_size(), 0);
  EXPECT_EQ(themes_report.themes(0).label().empty(), false);

  // The CSV: what Python's csv module reads, four fields on every row.
  auto csv = Send(verb::get, "/v1/reports/annual?from=" + today + "&to=" + today, Role::kOmbudsman, {},
                  {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.result(), status::ok) << csv.body();
  EXPECT_THAT(std::string(csv[http::field::content_type]), StartsWith("text/csv"));
  EXPECT_THAT(std::string(csv[http::field::content_disposition]), HasSubstr(".csv"));
  const auto file = std::filesystem::temp_directory_path() / ("report-" + std::to_string(getpid()) + ".csv");
  std::ofstream(file, std::ios::binary) << csv.body();
  const std::string check =
      "python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')));"
      " assert rows[0]==['section','department','item','value'], rows[0];"
      " assert all(len(r)==4 for r in rows), [r for r in rows if len(r)!=4];"
      " d={(r[0],r[1],r[2]):r[3] for r in rows}; print(d[('department','BUF','complaints_received')]);"
      " print(d[('office','','received')]); print(d[('department','BUF','name')])\" " +
      file.string() + " > " + file.string() + ".out 2>&1";
  ASSERT_EQ(std::system(check.c_str()), 0) << std::ifstream(file.string() + ".out").rdbuf();
  std::ifstream read(file.string() + ".out");
  std::string buf_received, received, name;
  std::getline(read, buf_received);
  std::getline(read, received);
  std::getline(read, name);
  EXPECT_EQ(buf_received, std::to_string(expected["BUF"].received));
  EXPECT_EQ(received, "44");
  EXPECT_EQ(name, "Børne- og Ungdomsforvaltningen");
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + ".out");

  // A period before any of it has nothing; the figures are the events'.
  const auto empty = Parse<v1::AnnualReport>(
      Send(verb::get, "/v1/reports/annual?from=2020-01-01&to=2020-12-31", Role::kOmbudsman));
  EXPECT_EQ(empty.received(), 0);
  EXPECT_EQ(empty.all_departments().criticism(), 0);
}

// A recommendation is followed up by the department itself, over HTTP: it
// is asked by notice, reminded when it is late, and reports; the report
// shows its compliance rate.
TEST_F(ReportsHttpTest, TheDepartmentReportsItsFollowUpAndTheReportShowsItsComplianceRate) {
  const auto recommend = [&] {
    const std::string id = CaseInHearing();  // a BUF complaint
    Fire(id, Role::kDepartment, "record_department_answer", R"({"department_answer": "Vi beklager."})");
    Fire(id, Role::kCaseworker, "assess_points",
         R"({"assessments": [{"number": 1, "outcome": "CRITICISM", "reasoning": "For længe.",
                             "recommendation": "Svar inden for fire uger."}], "themes": ["svarfrist"]})");
    // Closing is refused while the recommendation awaits its follow-up.
    const long long before = RowsWritten();
    const auto refused = FireNow(id, Role::kOmbudsman, "close_without_publication",
                                 R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "n"})");
    EXPECT_EQ(refused.result(), status::unprocessable_entity);
    EXPECT_THAT(refused.body(), HasSubstr("no_recommendation_made"));
    EXPECT_EQ(RowsWritten(), before);
    Fire(id, Role::kCaseworker, "await_follow_up",
         R"({"newsletter": false, "newsletter_criteria": [], "newsletter_note": "n"})");
    EXPECT_EQ(State(id), "awaiting_follow_up");
    return id;
  };
  const std::string complied = recommend();
  // The department is asked by notice, and answers with its own token.
  const auto notices = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  EXPECT_TRUE(std::any_of(notices.notices().begin(), notices.notices().end(), [&](const auto& notice) {
    return notice.complaint_id() == complied && notice.notice() == "follow_up_requested";
  }));
  // A compliance the vocabulary does not have changes nothing.
  EXPECT_EQ(FireNow(complied, Role::kDepartment, "record_follow_up",
                    R"({"compliance": "mostly", "follow_up_note": "x"})").result(), status::bad_request);
  Fire(complied, Role::kDepartment, "record_follow_up",
       R"({"compliance": "complied", "follow_up_note": "Svarfristen er nu fire uger."})");
  EXPECT_EQ(State(complied), "closed");

  // The other is late: the timer reminds the department and alerts the office.
  const std::string late = recommend();
  database_->Execute("UPDATE case_state SET deadline_at = now() - interval '1 minute' WHERE id = '" + late + "'");
  ASSERT_TRUE(WaitForState(late, "follow_up_reminded"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE complaint_id = '" + late +
                              "' AND notice = 'follow_up_reminder'"), 1);
  Fire(late, Role::kDepartment, "record_follow_up",
       R"({"compliance": "not_complied", "follow_up_note": "Vi er uenige."})");

  const std::string today = Today();
  const auto report = Parse<v1::AnnualReport>(
      Send(verb::get, "/v1/reports/annual?from=" + today + "&to=" + today, Role::kOmbudsman));
  const auto buf = std::find_if(report.departments().begin(), report.departments().end(),
                                [](const auto& figures) { return figures.department() == "BUF"; });
  ASSERT_NE(buf, report.departments().end());
  EXPECT_EQ(buf->follow_ups_complied(), 1);
  EXPECT_EQ(buf->follow_ups_not_complied(), 1);
  EXPECT_DOUBLE_EQ(buf->compliance_rate(), 0.5);
  EXPECT_EQ(buf->follow_up_deadlines_missed(), 1);
  EXPECT_EQ(buf->recommendations(), 2);
  EXPECT_DOUBLE_EQ(report.all_departments().compliance_rate(), 0.5);
  ASSERT_EQ(report.themes_size(), 1);
  EXPECT_EQ(report.themes(0).key(), "svarfrist");
  EXPECT_EQ(report.themes(0).count(), 2);
}

TEST_F(ReportsHttpTest, BadPeriodsForbiddenRolesAndFormatsAreRefusedAndChangeNothing) {
  const long long before = RowsWritten();
  for (const std::string query : {"?from=2026-01-01", "?from=2026-02-30&to=2026-03-01", "?from=2026-06-01&to=2026-05-01",
                                  "?from=2000-01-01&to=2026-01-01", "?from=2026-01-01&to=2026-12-31&to=2027-01-01",
                                  "?from=2026-01-01&to=2026-12-31&department=BUF", "?from=x&to=y"}) {
    for (const char* path : {"/v1/reports/annual", "/v1/reports/themes"}) {
      auto refused = Send(verb::get, path + query, Role::kOmbudsman);
      EXPECT_EQ(refused.result(), status::bad_request) << path << query;
      EXPECT_THAT(refused.body(), HasSubstr("fieldViolations")) << path << query;
    }
  }
  for (Role role : {Role::kDepartment, Role::kAdministrator}) {
    EXPECT_EQ(Send(verb::get, "/v1/reports/annual", role).result(), status::forbidden);
    EXPECT_EQ(Send(verb::get, "/v1/reports/themes", role).result(), status::forbidden);
  }
  // CSV is the annual report's alone; an Accept nobody serves is a 406.
  EXPECT_EQ(Send(verb::get, "/v1/reports/themes", Role::kCaseworker, {}, {{"Accept", "text/csv"}}).result(),
            status::not_acceptable);
  EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kCaseworker, {}, {{"Accept", "text/csv"}}).result(),
            status::not_acceptable);
  EXPECT_EQ(Send(verb::get, "/v1/reports/annual", Role::kCaseworker, {}, {{"Accept", "image/png"}}).result(),
            status::not_acceptable);
  // Without days: the reporting year (from 1 April here) today falls in.
  const auto current = Parse<v1::AnnualReport>(Send(verb::get, "/v1/reports/annual", Role::kCaseworker));
  EXPECT_THAT(current.from_date(), ::testing::EndsWith("-04-01"));
  EXPECT_THAT(current.to_date(), ::testing::EndsWith("-03-31"));
  EXPECT_EQ(RowsWritten(), before);
}

}  // namespace
}  // namespace ombudsflow
