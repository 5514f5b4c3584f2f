-- The municipality's departments ("forvaltninger"). Data, not code: a
-- deployment adds, renames or retires them with plain SQL or the admin API.
CREATE TABLE departments (
  code text PRIMARY KEY CHECK (code ~ '^[A-ZÆØÅ]{2,10}$'),
  name text NOT NULL CHECK (name <> ''),
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO departments (code, name) VALUES
  ('ØKF', 'Økonomiforvaltningen'),
  ('KFF', 'Kultur- og Fritidsforvaltningen'),
  ('BUF', 'Børne- og Ungdomsforvaltningen'),
  ('SUF', 'Sundheds- og Omsorgsforvaltningen'),
  ('SOF', 'Socialforvaltningen'),
  ('TMF', 'Teknik- og Miljøforvaltningen'),
  ('BIF', 'Beskæftigelses- og Integrationsforvaltningen');

-- API tokens. Only a SHA-256 of the token is kept; the token itself is shown
-- once, when it is created.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  role text NOT NULL
    CHECK (role IN ('caseworker', 'ombudsman', 'deputy', 'department', 'administrator')),
  department text REFERENCES departments (code),
  name text NOT NULL CHECK (name <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- A department token speaks for exactly one department; no other role does.
  CHECK ((role = 'department') = (department IS NOT NULL))
);

-- The last case number handed out per year: BR-2026-00042.
CREATE TABLE case_number_counters (
  year integer PRIMARY KEY,
  last_number integer NOT NULL CHECK (last_number > 0)
);

CREATE TABLE complaints (
  id uuid PRIMARY KEY,
  case_number text NOT NULL UNIQUE,
  workflow text NOT NULL,
  workflow_version integer NOT NULL CHECK (workflow_version > 0),
  state text NOT NULL,
  -- Optimistic locking: every change increments it and checks the old value.
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  channel text NOT NULL
    CHECK (channel IN ('LETTER', 'EMAIL', 'WEB_FORM', 'PHONE', 'IN_PERSON')),
  -- Personal data: blanked when a closed case is pseudonymised.
  complainant_name text NOT NULL,
  complainant_email text,
  complainant_phone text,
  complainant_address text,
  language text NOT NULL,
  needs_interpreter boolean NOT NULL DEFAULT false,
  needs_accessible_format boolean NOT NULL DEFAULT false,
  department text NOT NULL REFERENCES departments (code),
  subject text NOT NULL,
  description text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by_token uuid REFERENCES api_tokens (id),
  -- A client's retry with the same Idempotency-Key gets the same complaint.
  idempotency_key text,
  request_fingerprint text,
  CHECK ((idempotency_key IS NULL) = (request_fingerprint IS NULL))
);

CREATE UNIQUE INDEX complaints_idempotency_key
  ON complaints (created_by_token, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Listing is newest first, optionally by state or department.
CREATE INDEX complaints_by_time ON complaints (created_at DESC, id DESC);
CREATE INDEX complaints_by_state ON complaints (state, created_at DESC, id DESC);
CREATE INDEX complaints_by_department ON complaints (department, created_at DESC, id DESC);

-- Every change to a case, append-only and hash-chained per case (see
-- engine/audit_event.h). Payloads carry no personal data.
CREATE TABLE complaint_events (
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  seq integer NOT NULL CHECK (seq > 0),
  occurred_at timestamptz NOT NULL,
  actor_role text NOT NULL,
  actor_name text NOT NULL,
  kind text NOT NULL,
  -- json, not jsonb: the chain hash covers the exact text.
  payload json NOT NULL,
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (complaint_id, seq)
);

CREATE FUNCTION complaint_events_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'complaint_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER complaint_events_append_only
  BEFORE UPDATE OR DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_events_are_append_only();
