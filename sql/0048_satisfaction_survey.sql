-- The user-satisfaction survey (issue 30, seed 000 principle 2): after a
-- case closes, the citizen who gave an e-mail gets a link to a short
-- survey. The answers are kept without the case: by workflow, outcome and
-- month only, so no one can read them per case.

-- When the survey began: cases closed before it are not surveyed.
CREATE TABLE survey_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  started_at timestamptz NOT NULL
);
INSERT INTO survey_settings (started_at) VALUES (now());

-- One invitation per case. Its link's token is kept by its SHA-256 until
-- it is used, declined or expired; then nothing points from the case to
-- an answer.
CREATE TABLE survey_invitations (
  complaint_id uuid PRIMARY KEY REFERENCES complaints (id),
  state text NOT NULL CHECK (state IN ('queued', 'mailed', 'done', 'expired', 'failed')),
  token_hash text UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  queued_at timestamptz NOT NULL,
  mailed_at timestamptz,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  CHECK (state = 'mailed' OR token_hash IS NULL)
);
CREATE INDEX survey_invitations_due ON survey_invitations (queued_at) WHERE state = 'queued';
CREATE INDEX survey_invitations_expiring ON survey_invitations (expires_at) WHERE state = 'mailed';

-- The answers, each on the scale 1 (not at all) to 5 (fully), or null for
-- "don't know"; with the case's workflow and outcome and the month only.
CREATE TABLE survey_responses (
  -- A random id: no order in which answers came in.
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow text NOT NULL,
  outcome text NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  understood smallint CHECK (understood BETWEEN 1 AND 5),
  respected smallint CHECK (respected BETWEEN 1 AND 5),
  speed smallint CHECK (speed BETWEEN 1 AND 5),
  overall smallint CHECK (overall BETWEEN 1 AND 5)
);
CREATE INDEX survey_responses_by_month ON survey_responses (month);
