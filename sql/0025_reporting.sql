-- Reporting (issue 14): the annual report, the KlarRet themes. Every event
-- carries its tallies (engine/core/workflow/report_tallies.h); the
-- statement that writes an event adds them here, so a report reads sums
-- per office day instead of the events themselves, and a past period
-- gives the same figures whenever it is asked for.

-- When a case entered its state, so a transition knows the working days
-- it spent there.
ALTER TABLE case_state ADD COLUMN state_entered_at timestamptz;
UPDATE case_state s SET state_entered_at = coalesce(
  (SELECT max(e.occurred_at) FROM complaint_events e
    WHERE e.complaint_id = s.id AND e.kind = 'transition'
      AND e.payload->>'to' = s.state AND e.payload->>'from' <> s.state),
  s.created_at);
ALTER TABLE case_state ALTER COLUMN state_entered_at SET NOT NULL;

-- The sums of the events' tallies per office day, workflow and department
-- ('' for a case with none). Kept by the statements that write events,
-- never by anything else.
CREATE TABLE report_tallies (
  day date NOT NULL,
  workflow text NOT NULL,
  department text NOT NULL,
  measure text NOT NULL CHECK (length(measure) BETWEEN 1 AND 64),
  key text NOT NULL CHECK (length(key) <= 200),
  value integer NOT NULL,
  n bigint NOT NULL CHECK (n > 0),
  PRIMARY KEY (day, workflow, department, measure, key, value)
);
REVOKE DELETE, TRUNCATE ON report_tallies FROM ombudsflow_server;

-- Which cases were tagged with which KlarRet theme, and when: the themes
-- report links each theme to its cases.
CREATE TABLE report_case_themes (
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  theme text NOT NULL CHECK (length(theme) BETWEEN 1 AND 64),
  day date NOT NULL,
  department text NOT NULL,
  PRIMARY KEY (complaint_id, theme)
);
CREATE INDEX report_case_themes_by_theme ON report_case_themes (theme, day);
REVOKE DELETE, TRUNCATE ON report_case_themes FROM ombudsflow_server;

-- What the events written before carry: the registrations by channel and
-- the transitions by name, counted on office days in the time zone the
-- office ships with. The finer tallies (stages, outcomes, choices) start
-- with this migration.
INSERT INTO report_tallies (day, workflow, department, measure, key, value, n)
SELECT (e.occurred_at AT TIME ZONE 'Europe/Copenhagen')::date, c.workflow, coalesce(c.department, ''),
       CASE e.kind WHEN 'complaint_registered' THEN 'received' ELSE 'transition' END,
       CASE e.kind WHEN 'complaint_registered' THEN c.channel ELSE e.payload->>'transition' END,
       0, count(*)
FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
WHERE e.kind = 'complaint_registered' OR (e.kind = 'transition' AND e.payload->>'transition' IS NOT NULL)
GROUP BY 1, 2, 3, 4, 5;
