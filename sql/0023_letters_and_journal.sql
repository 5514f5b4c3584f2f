-- Letters rendered from templates when their transition fires, and the
-- journal: every document received or sent on a case (offentlighedsloven
-- § 15). Letters used to be outbox rows nothing read; those stay as they
-- were, and new letters come here.
CREATE TABLE letters (
  id bigserial PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  event_seq integer NOT NULL,
  template text NOT NULL,
  variant text NOT NULL CHECK (variant IN ('da', 'en', 'da-easy', 'department')),
  recipient text NOT NULL CHECK (recipient IN ('citizen', 'department')),
  channel text NOT NULL CHECK (channel IN ('email', 'print', 'department_notice')),
  interpreter_note boolean NOT NULL,
  subject text NOT NULL,
  html text NOT NULL,
  html_sha256 text NOT NULL CHECK (html_sha256 ~ '^[0-9a-f]{64}$'),
  -- The PDF, rendered by the letter job (never on a request thread).
  pdf bytea,
  pdf_sha256 text CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  -- Delivery, as webhooks: retried with backoff, then a dead letter the
  -- office is alerted to. A department's letter goes with its notice.
  delivery_state text NOT NULL
    CHECK (delivery_state IN ('pending', 'delivered', 'dead_letter', 'with_notice')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL,
  FOREIGN KEY (complaint_id, event_seq) REFERENCES complaint_events (complaint_id, seq),
  -- Pseudonymisation erases the PDF and keeps its hash.
  CHECK (pdf IS NULL OR pdf_sha256 IS NOT NULL)
);
CREATE INDEX letters_by_case ON letters (complaint_id, id);
CREATE INDEX letters_due ON letters (next_attempt_at) WHERE delivery_state = 'pending';

CREATE TABLE journal (
  id bigserial PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  event_seq integer NOT NULL,
  at timestamptz NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  -- "citizen", a department's code, or "public".
  counterpart text NOT NULL,
  document_kind text NOT NULL
    CHECK (document_kind IN ('complaint', 'letter', 'department_answer', 'notice', 'publication')),
  subject text NOT NULL,
  -- The document's SHA-256 as registered; a letter's PDF once rendered.
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  letter_id bigint REFERENCES letters (id)
);
CREATE INDEX journal_by_case ON journal (complaint_id, id);

-- The complaints already registered are their journals' first entries.
INSERT INTO journal (complaint_id, event_seq, at, direction, counterpart, document_kind, subject, sha256)
SELECT id, 1, created_at, 'in', 'citizen', 'complaint', subject,
       encode(sha256(convert_to(subject || E'\n\n' || description, 'UTF8')), 'hex')
FROM complaints WHERE channel <> 'OWN_INITIATIVE' ORDER BY created_at, id;

-- The server's login never deletes a journal entry or a letter
-- (pseudonymisation blanks their texts and keeps their hashes).
REVOKE DELETE, TRUNCATE ON letters, journal FROM ombudsflow_server;

-- The citizen's needs that choose a letter's variant and form.
ALTER TABLE complaints
  ADD COLUMN easy_read boolean NOT NULL DEFAULT false,
  ADD COLUMN large_print boolean NOT NULL DEFAULT false,
  ADD COLUMN interpreter_language text;
