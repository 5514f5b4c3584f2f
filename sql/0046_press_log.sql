-- The press log (issue 30, seed 004 "Pressen"): who asked about what, and
-- who answered. The ombudsman answers the press; in their absence the chief
-- consultant, as a deputy under the ombudsman's delegation. An answer about
-- a citizen's matter names the citizen's confirmed press consent on the
-- case (seed 000: never without the citizen's explicit consent).
CREATE TABLE press_inquiries (
  id uuid PRIMARY KEY,
  asked_at timestamptz NOT NULL,
  medium text NOT NULL CHECK (length(medium) BETWEEN 1 AND 200),
  journalist text NOT NULL CHECK (length(journalist) BETWEEN 1 AND 200),
  topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 2000),
  complaint_id uuid REFERENCES complaints (id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  answered_by text,
  answered_at timestamptz,
  answer text CHECK (length(answer) BETWEEN 1 AND 4000),
  -- The consent the answer relied on, when it is about a case.
  consent_id text,
  CHECK ((answered_by IS NULL) = (answered_at IS NULL) AND (answered_by IS NULL) = (answer IS NULL)),
  CHECK (consent_id IS NULL OR complaint_id IS NOT NULL)
);
CREATE INDEX press_inquiries_newest ON press_inquiries (asked_at DESC, id);
CREATE INDEX press_inquiries_by_case ON press_inquiries (complaint_id) WHERE complaint_id IS NOT NULL;
