-- Writers append their tallies here instead of upserting the daily sums:
-- with the sums, every transition of the same day, department and measure
-- waited for the row lock of the one before until it committed, and 16
-- concurrent clients ran at a fifth of their speed (bench/transitions.sh).
-- A compactor (ReportStore::Compact, every few seconds on every server)
-- moves the deltas into report_tallies in one statement; a report reads
-- both, in one snapshot, so it sees every committed event exactly once.
CREATE TABLE report_tally_deltas (
  day date NOT NULL,
  workflow text NOT NULL,
  department text NOT NULL,
  measure text NOT NULL CHECK (length(measure) BETWEEN 1 AND 64),
  key text NOT NULL CHECK (length(key) <= 200),
  value integer NOT NULL,
  n bigint NOT NULL CHECK (n > 0)
);
-- The compactor deletes what it moved; nothing else does.
REVOKE UPDATE, TRUNCATE ON report_tally_deltas FROM ombudsflow_server;
