-- The public complaint form (/klage): a citizen's answers between its
-- pages. A draft is found by the SHA-256 of the token in the citizen's
-- cookie, never by the token itself, and lasts 24 hours after its last
-- change; once sent, only the case it opened and the date of the answer
-- promised remain, for the receipt. Every page saved moves the draft to a
-- new token, so a token planted in a browser names nothing once the
-- citizen has answered a page. The server's job deletes expired drafts.
CREATE TABLE complaint_form_drafts (
  key_hash text PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  -- The id the case gets when the draft is sent: sending twice opens one.
  case_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  complaint_id uuid REFERENCES complaints (id) ON DELETE CASCADE,
  case_number text,
  reply_by date,
  CHECK ((complaint_id IS NULL) = (case_number IS NULL))
);
CREATE INDEX complaint_form_drafts_expiry ON complaint_form_drafts (expires_at);
