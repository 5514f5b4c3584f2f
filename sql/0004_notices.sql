-- Notices to departments (hearings, reminders, forwarded complaints, and
-- pre-publication notices): written with the case change that caused them,
-- pulled and acknowledged by the department, later pushed by webhook.
CREATE TABLE notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id uuid NOT NULL,
  event_seq integer NOT NULL,
  department text NOT NULL REFERENCES departments (code),
  notice text NOT NULL CHECK (notice <> ''),
  payload json NOT NULL,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
  FOREIGN KEY (complaint_id, event_seq) REFERENCES complaint_events (complaint_id, seq)
);
-- A department's inbox: its notices, newest first, optionally only pending.
CREATE INDEX notices_by_department ON notices (department, created_at DESC, id DESC);
CREATE INDEX notices_pending ON notices (department, created_at) WHERE acknowledged_at IS NULL;
-- Every case load reads its case's notices (the publication guard needs them).
CREATE INDEX notices_by_complaint ON notices (complaint_id);

-- Existing department notices move from the outbox to their own table.
INSERT INTO notices (complaint_id, event_seq, department, notice, payload, created_at)
  SELECT complaint_id, event_seq, payload->>'department', payload->>'notice', payload, created_at
  FROM outbox WHERE kind = 'department_notice';
DELETE FROM outbox WHERE kind = 'department_notice';
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('letter', 'office_alert'));
