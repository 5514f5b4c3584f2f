-- The whistleblower scheme (issue 29): reports through the public channel
-- at /whistleblower, possibly anonymous, on workflow "whistleblower".

-- A report's way back in: the reporter's receipt code and chosen password.
-- The code is shown once, on the receipt; only its SHA-256 is kept, and the
-- password only as Argon2id. Wrong passwords are counted per report, and
-- enough of them lock it for a while. No address, no browser, no e-mail.
CREATE TABLE whistleblower_reports (
  complaint_id uuid PRIMARY KEY REFERENCES complaints (id),
  code_hash text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  locked_until timestamptz,
  created_at timestamptz NOT NULL
);

-- The reporter's identity, when they give it: never on the case, which
-- every caseworker reads, but here, for the people the ombudsman
-- designates. Each read of it is an event of the case.
CREATE TABLE whistleblower_identities (
  complaint_id uuid PRIMARY KEY REFERENCES whistleblower_reports (complaint_id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 800),
  contact text CHECK (length(contact) BETWEEN 1 AND 2000)
);

-- Who may read a reporter's identity: people of the office the ombudsman
-- (or the deputy) designates, one row each.
CREATE TABLE whistleblower_designations (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  designated_by text NOT NULL,
  designated_at timestamptz NOT NULL
);

-- A report names no complainant and no department: nothing of the
-- reporter rides on the case, and no department's view lists it.
ALTER TABLE complaints ADD CONSTRAINT whistleblower_reports_name_no_one
  CHECK (workflow <> 'whistleblower' OR (complainant_name IS NULL AND complainant_email IS NULL
    AND complainant_phone IS NULL AND complainant_address IS NULL AND department IS NULL));
