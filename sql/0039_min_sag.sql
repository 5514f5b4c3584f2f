-- "Min sag": the citizen's own page of their case (issue 29).

-- A link to Min sag, sent in an e-mail to the citizen. It is made when the
-- e-mail leaves, so the letter the journal keeps never holds it, and is
-- found by the SHA-256 of its 256-bit token, never by the token itself. It
-- lasts until it expires or the office revokes the case's links.
CREATE TABLE citizen_links (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX citizen_links_by_case ON citizen_links (complaint_id);
CREATE INDEX citizen_links_expiry ON citizen_links (expires_at);

-- A browser the link was opened in: its HttpOnly cookie's token, hashed.
-- It lives while its link does and is used, and ends with it.
CREATE TABLE citizen_sessions (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  link_hash text NOT NULL REFERENCES citizen_links (token_hash) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX citizen_sessions_by_link ON citizen_sessions (link_hash);
CREATE INDEX citizen_sessions_expiry ON citizen_sessions (expires_at);

-- Messages between the office and the citizen are documents of the case,
-- journalised in and out, shown as a conversation on Min sag.
ALTER TABLE case_documents ADD COLUMN is_message boolean NOT NULL DEFAULT false;

-- E-mails that tell the citizen something waits on Min sag. They carry no
-- personal content: the address is read from the case when one leaves, and
-- its link is made then (so nothing here is a secret).
CREATE TABLE citizen_notifications (
  id bigserial PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  kind text NOT NULL CHECK (kind IN ('message', 'new_link')),
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  last_error text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  sent_at timestamptz
);
CREATE INDEX citizen_notifications_due ON citizen_notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX citizen_notifications_by_case ON citizen_notifications (complaint_id);
