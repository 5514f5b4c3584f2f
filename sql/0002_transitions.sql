-- What the workflow engine keeps on a case, and the outbox its effects go to.

ALTER TABLE complaints
  -- Facts recorded by transitions (the department's answer, the criteria...).
  ADD COLUMN facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
  -- The complaint points: text, selection and assessment of each.
  ADD COLUMN points jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(points) = 'array'),
  -- When the current state's deadline passes, and the timer transition it fires.
  ADD COLUMN deadline_at timestamptz,
  ADD COLUMN timeout_transition text,
  -- The newest audit event's hash, so a transition continues the chain
  -- without reading the events.
  ADD COLUMN last_event_hash text,
  ADD CHECK ((deadline_at IS NULL) = (timeout_transition IS NULL));

UPDATE complaints c SET last_event_hash = e.hash
  FROM complaint_events e WHERE e.complaint_id = c.id AND e.seq = c.version;
ALTER TABLE complaints ALTER COLUMN last_event_hash SET NOT NULL;

-- The timer job's claim query reads only due cases.
CREATE INDEX complaints_due ON complaints (deadline_at) WHERE deadline_at IS NOT NULL;

-- Effects of transitions (letters, department notices, alerts), written in the
-- same transaction as the case change and processed by background workers.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  event_seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('letter', 'department_notice', 'office_alert')),
  payload json NOT NULL,
  created_at timestamptz NOT NULL,
  processed_at timestamptz,
  FOREIGN KEY (complaint_id, event_seq) REFERENCES complaint_events (complaint_id, seq)
);
CREATE INDEX outbox_pending ON outbox (id) WHERE processed_at IS NULL;
