-- What transitions change moves out of the complaint's row into a narrow one
-- of its own. Every transition used to rewrite the whole intake (complainant,
-- description, ...) with a new entry in each of its indexes; now it
-- rewrites only this row and the three indexes that follow the state. The
-- intake's columns never change after registration, and every change here
-- increments version: servers keep cases in memory by version.
CREATE TABLE case_state (
  id uuid PRIMARY KEY REFERENCES complaints (id),
  workflow_version integer NOT NULL CHECK (workflow_version > 0),
  state text NOT NULL,
  -- Optimistic locking: every change increments it and checks the old value.
  version integer NOT NULL CHECK (version > 0),
  -- Facts recorded by transitions (the department's answer, the criteria...).
  facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
  -- The complaint points: text, selection and assessment of each.
  points jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(points) = 'array'),
  -- What the citizen consented to have published.
  consents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(consents) = 'array'),
  -- When the current state's deadline passes, and the timer transition it fires.
  deadline_at timestamptz,
  timeout_transition text,
  -- The newest audit event's hash, so a transition continues the chain
  -- without reading the events.
  last_event_hash text NOT NULL,
  updated_at timestamptz NOT NULL,
  -- The complaint's registration time again, so a list by state reads one
  -- index in order.
  created_at timestamptz NOT NULL,
  CHECK ((deadline_at IS NULL) = (timeout_transition IS NULL))
);

INSERT INTO case_state (id, workflow_version, state, version, facts, points, consents, deadline_at,
                        timeout_transition, last_event_hash, updated_at, created_at)
  SELECT id, workflow_version, state, version, facts, points, consents, deadline_at,
         timeout_transition, last_event_hash, updated_at, created_at
  FROM complaints;

-- Listing by state, newest first; the timer job's claim reads only due cases.
CREATE INDEX case_state_by_state ON case_state (state, created_at DESC, id DESC);
CREATE INDEX case_state_due ON case_state (deadline_at) WHERE deadline_at IS NOT NULL;

-- Their indexes (complaints_by_state, complaints_due) and checks go with them.
ALTER TABLE complaints
  DROP COLUMN workflow_version,
  DROP COLUMN state,
  DROP COLUMN version,
  DROP COLUMN facts,
  DROP COLUMN points,
  DROP COLUMN consents,
  DROP COLUMN deadline_at,
  DROP COLUMN timeout_transition,
  DROP COLUMN last_event_hash,
  DROP COLUMN updated_at;
