-- What a report counts: the daily sums and the deltas not yet folded into
-- them (ReportStore::Compact moves them in one statement, so a snapshot
-- sees each tally in exactly one of the two). One definition for every
-- report query; PostgreSQL pushes their day and measure filters into both
-- branches, so the sums' key index still serves them.
CREATE VIEW report_tallies_counted AS
  SELECT day, workflow, department, measure, key, value, n FROM report_tallies
  UNION ALL
  SELECT day, workflow, department, measure, key, value, n FROM report_tally_deltas;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON report_tallies_counted FROM ombudsflow_server;
