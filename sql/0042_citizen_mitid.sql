-- Citizens sign in with MitID through the municipality's OpenID Connect
-- broker (issue 29): at the complaint form, so the case knows whose it is,
-- and at Min sag, to find their cases again without an e-mail link.

-- A sign-in under way says what it is for: a member of staff's session, a
-- complaint form being filled in, or Min sag. The callback of one can never
-- complete another. `context`: the form draft's key hash for a form.
ALTER TABLE oidc_logins
  ADD COLUMN purpose text NOT NULL DEFAULT 'staff' CHECK (purpose IN ('staff', 'citizen_form', 'citizen_min_sag')),
  ADD COLUMN context text NOT NULL DEFAULT '' CHECK (length(context) <= 128);

-- Whose a case is, as MitID says: the SHA-256 of the broker's issuer and
-- its pseudonymous subject, never the subject itself. A case has at most
-- one; a person may have many cases. Deleted with the case's personal data.
CREATE TABLE citizen_identities (
  complaint_id uuid PRIMARY KEY REFERENCES complaints (id),
  subject_hash text NOT NULL CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL
);
CREATE INDEX citizen_identities_by_subject ON citizen_identities (subject_hash);

-- A browser signed in with MitID at Min sag, listing that person's cases:
-- its HttpOnly cookie's token, hashed. It lives minutes; opening a case
-- from it opens an ordinary Min sag session on that case.
CREATE TABLE citizen_mitid_sessions (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  subject_hash text NOT NULL CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX citizen_mitid_sessions_expiry ON citizen_mitid_sessions (expires_at);
