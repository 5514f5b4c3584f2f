-- The case file: documents uploaded on a case, their contents in chunks,
-- and a document number (aktnummer) on every journal entry.

-- Every entry in a case's journal gets the case's next document number, by
-- trigger, so no path that journals a document can forget it. The counter
-- row is locked by the insert until its transaction ends: concurrent
-- entries on one case take their numbers one after the other, and a
-- transaction that rolls back gives its number back (no gaps).
CREATE TABLE case_document_counters (
  complaint_id uuid PRIMARY KEY REFERENCES complaints (id),
  last_number integer NOT NULL CHECK (last_number >= 0)
);

ALTER TABLE journal ADD COLUMN document_number integer;
UPDATE journal j SET document_number = n.number
  FROM (SELECT id, row_number() OVER (PARTITION BY complaint_id ORDER BY id) AS number FROM journal) n
  WHERE n.id = j.id;
INSERT INTO case_document_counters (complaint_id, last_number)
  SELECT complaint_id, max(document_number) FROM journal GROUP BY complaint_id;
ALTER TABLE journal ALTER COLUMN document_number SET NOT NULL,
  ADD CONSTRAINT journal_document_number_unique UNIQUE (complaint_id, document_number);

CREATE FUNCTION number_journal_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_document_counters AS c (complaint_id, last_number) VALUES (NEW.complaint_id, 1)
    ON CONFLICT (complaint_id) DO UPDATE SET last_number = c.last_number + 1
    RETURNING c.last_number INTO NEW.document_number;
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_document_number BEFORE INSERT ON journal
  FOR EACH ROW EXECUTE FUNCTION number_journal_entry();

-- Uploaded documents are journal entries too; the office's own (a note,
-- an internal document) go neither in nor out.
ALTER TABLE journal DROP CONSTRAINT journal_document_kind_check,
  ADD CONSTRAINT journal_document_kind_check
    CHECK (document_kind IN ('complaint', 'letter', 'department_answer', 'notice', 'publication', 'document'));
ALTER TABLE journal DROP CONSTRAINT journal_direction_check,
  ADD CONSTRAINT journal_direction_check CHECK (direction IN ('in', 'out', 'internal'));

-- A document's bytes, in chunks of at most chunk_bytes: never read or
-- written whole. Behind store::ContentStore, so another store (S3) can
-- hold them instead (docs/documents.md).
CREATE TABLE document_contents (
  id bigserial PRIMARY KEY,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  chunk_bytes integer NOT NULL CHECK (chunk_bytes > 0)
);
CREATE TABLE document_chunks (
  content_id bigint NOT NULL REFERENCES document_contents (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (content_id, seq)
);
-- The kept types are compressed already (PDF, JPEG, PNG, Office's ZIP):
-- out of line, without a compression attempt that would only cost time.
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE case_documents (
  id uuid PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  -- Its entry in the journal, which gives its document number. None while
  -- it is quarantined at upload: an infected file is never in the case file.
  journal_id bigint UNIQUE REFERENCES journal (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  direction text NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
  -- Who sent or received it: "citizen", a department's code, "office".
  counterpart text NOT NULL CHECK (length(counterpart) BETWEEN 1 AND 100),
  document_date date NOT NULL,
  audience text NOT NULL CHECK (audience IN ('office', 'department', 'citizen')),
  file_name text NOT NULL CHECK (octet_length(file_name) BETWEEN 1 AND 255),
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Null once its case is pseudonymised and its bytes erased.
  content_id bigint REFERENCES document_contents (id),
  scan_state text NOT NULL CHECK (scan_state IN ('pending', 'clean', 'infected')),
  scan_signature text,
  scanned_at timestamptz,
  -- "user:<id>" or "token:<id>", and the uploader's department when a
  -- department uploaded it (it sees its own upload before the scan).
  uploaded_by text NOT NULL,
  uploader_department text,
  created_at timestamptz NOT NULL,
  -- A retry with the same Idempotency-Key finds the document it made.
  idempotency_owner text,
  idempotency_key text,
  fingerprint text,
  CONSTRAINT case_documents_idempotency_key UNIQUE (idempotency_owner, idempotency_key),
  CHECK ((idempotency_key IS NULL) = (idempotency_owner IS NULL)),
  CHECK ((scan_state = 'pending') = (scanned_at IS NULL)),
  CHECK (scan_state <> 'infected' OR scan_signature IS NOT NULL)
);
CREATE INDEX case_documents_by_case ON case_documents (complaint_id, created_at);
CREATE INDEX case_documents_pending_scan ON case_documents (created_at) WHERE scan_state = 'pending';
CREATE INDEX case_documents_by_content ON case_documents (content_id);

-- The server's login never deletes a document or a number: pseudonymisation
-- erases the bytes (document_contents) and blanks the names, as it does for
-- letters and the journal.
REVOKE DELETE, TRUNCATE ON case_documents, case_document_counters FROM ombudsflow_server;
