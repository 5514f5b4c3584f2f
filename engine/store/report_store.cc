#include "engine/store/report_store.h"

#include "engine/core/base/iso_date.h"

namespace ombudsflow::store {

Result<std::vector<TallySum>> ReportStore::Tallies(Date from, Date to) {
  const std::string first = FormatIsoDate(from), last = FormatIsoDate(to);
  return database_.Run("read report tallies", [&](soci::session& session) -> Result<std::vector<TallySum>> {
    std::vector<TallySum> sums;
    for (const auto& row :
         Rows(session,
              "SELECT workflow, department, measure, key, value, sum(n)::bigint FROM report_tallies_counted"
              " WHERE day BETWEEN :first::date AND :last::date"
              " GROUP BY workflow, department, measure, key, value",
              soci::use(first, "first"), soci::use(last, "last"))) {
      sums.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                      row.get<std::string>(3), row.get<int>(4), row.get<long long>(5)});
    }
    return sums;
  });
}

Result<long long> ReportStore::Compact() {
  return database_.Run("compact report tallies", [&](soci::session& session) -> Result<long long> {
    long long moved = 0;
    // One statement: a report's snapshot sees the deltas or their sums,
    // never both. Sums are locked in key order, so two servers compacting
    // at once wait for each other and never deadlock; the second finds the
    // deltas gone.
    session << "WITH moved AS (DELETE FROM report_tally_deltas"
               "  RETURNING day, workflow, department, measure, key, value, n),"
               " summed AS ("
               "  INSERT INTO report_tallies AS r (day, workflow, department, measure, key, value, n)"
               "  SELECT day, workflow, department, measure, key, value, sum(n) FROM moved"
               "  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"
               "  ON CONFLICT (day, workflow, department, measure, key, value) DO UPDATE SET n = r.n + EXCLUDED.n)"
               " SELECT count(*) FROM moved",
        soci::into(moved);
    return moved;
  });
}

Result<std::vector<DepartmentName>> ReportStore::Departments() {
  return database_.Run("read departments", [&](soci::session& session) -> Result<std::vector<DepartmentName>> {
    std::vector<DepartmentName> departments;
    for (const auto& row : Rows(session, "SELECT code, name FROM departments ORDER BY code")) {
      departments.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    }
    return departments;
  });
}

Result<std::vector<SurveySums>> ReportStore::Satisfaction(Date from, Date to) {
  const std::string first = FormatIsoDate(from), last = FormatIsoDate(to);
  return database_.Run("read survey answers", [&](soci::session& session) -> Result<std::vector<SurveySums>> {
    std::vector<SurveySums> sums;
    for (const auto& row :
         Rows(session,
              "SELECT workflow, outcome, count(*), coalesce(sum(understood), 0), count(understood),"
              " coalesce(sum(respected), 0), count(respected), coalesce(sum(speed), 0), count(speed),"
              " coalesce(sum(overall), 0), count(overall)"
              " FROM survey_responses WHERE month BETWEEN date_trunc('month', :first::date)::date AND :last::date"
              " GROUP BY workflow, outcome ORDER BY count(*) DESC, workflow, outcome",
              soci::use(first, "first"), soci::use(last, "last"))) {
      SurveySums group;
      group.workflow = row.get<std::string>(0);
      group.outcome = row.get<std::string>(1);
      group.responses = row.get<long long>(2);
      group.understood_sum = row.get<long long>(3);
      group.understood_count = row.get<long long>(4);
      group.respected_sum = row.get<long long>(5);
      group.respected_count = row.get<long long>(6);
      group.speed_sum = row.get<long long>(7);
      group.speed_count = row.get<long long>(8);
      group.overall_sum = row.get<long long>(9);
      group.overall_count = row.get<long long>(10);
      sums.push_back(std::move(group));
    }
    return sums;
  });
}

Result<ThemeRows> ReportStore::Themes(Date from, Date to, int cases_per_theme) {
  const std::string first = FormatIsoDate(from), last = FormatIsoDate(to);
  return database_.Run("read report themes", [&](soci::session& session) -> Result<ThemeRows> {
    ThemeRows themes;
    for (const auto& row :
         Rows(session,
              "SELECT workflow, department, key, sum(n)::bigint FROM report_tallies_counted"
              " WHERE day BETWEEN :first::date AND :last::date AND measure = 'themes'"
              " GROUP BY workflow, department, key",
              soci::use(first, "first"), soci::use(last, "last"))) {
      themes.counts.push_back({row.get<std::string>(0), row.get<std::string>(1), "themes", row.get<std::string>(2),
                               0, row.get<long long>(3)});
    }
    // Each theme's newest cases: a lateral scan of the day index per theme.
    for (const auto& row :
         Rows(session,
              "SELECT t.theme, c.id::text, c.case_number, t.department, t.day::text"
              " FROM (SELECT DISTINCT theme FROM report_case_themes"
              "       WHERE day BETWEEN :first::date AND :last::date) AS chosen,"
              " LATERAL (SELECT * FROM report_case_themes r"
              "          WHERE r.theme = chosen.theme AND r.day BETWEEN :first_again::date AND :last_again::date"
              "          ORDER BY r.day DESC, r.complaint_id LIMIT :limit::integer) AS t"
              " JOIN complaints c ON c.id = t.complaint_id"
              " ORDER BY t.theme, t.day DESC, c.case_number",
              soci::use(first, "first"), soci::use(last, "last"), soci::use(first, "first_again"),
              soci::use(last, "last_again"), soci::use(cases_per_theme, "limit"))) {
      themes.cases.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                              row.get<std::string>(3), ParseIsoDate(row.get<std::string>(4)).value_or(Date{})});
    }
    return themes;
  });
}

}  // namespace ombudsflow::store
