-- The publication pipeline: the citizen's consents on the case, the
-- ombudsman's delegations to deputies, publication holds, and what is
-- published.

-- Consent declarations: kind, exact value, given and revoked (see
-- ConsentDeclaration in proto/ombudsflow/v1/complaints.proto).
ALTER TABLE complaints
  ADD COLUMN consents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(consents) = 'array');

-- The ombudsman lets a deputy approve publications for a period.
CREATE TABLE delegations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deputy text NOT NULL CHECK (deputy <> ''),  -- the person, as named on their tokens
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text NOT NULL CHECK (reason <> ''),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  CHECK (ends_at > starts_at),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- Every transition reads the delegations still running.
CREATE INDEX delegations_running ON delegations (ends_at) WHERE revoked_at IS NULL;

-- Crisis management (seeds/003 section 7): while a hold is active nothing is
-- approved or published.
CREATE TABLE publication_holds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reason text NOT NULL CHECK (reason <> ''),
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  lifted_at timestamptz,
  lifted_by text,
  lift_reason text,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
CREATE UNIQUE INDEX publication_holds_one_active ON publication_holds ((true)) WHERE lifted_at IS NULL;

-- One publication per case: drafted (awaiting approval), published or withdrawn.
CREATE TABLE publications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id uuid NOT NULL UNIQUE REFERENCES complaints (id),
  case_number text NOT NULL,
  department text,
  state text NOT NULL CHECK (state IN ('awaiting_approval', 'published', 'withdrawn')),
  title text NOT NULL,
  body text NOT NULL,
  targets text[] NOT NULL,
  drafted_at timestamptz NOT NULL,
  published_at timestamptz,
  approved_by text,
  CHECK ((state = 'published') = (published_at IS NOT NULL))
);
-- The public list, newest first, and the ombudsman's queue.
CREATE INDEX publications_published ON publications (published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX publications_awaiting ON publications (drafted_at, id) WHERE state = 'awaiting_approval';
