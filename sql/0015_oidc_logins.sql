-- OpenID Connect sign-ins under way: from the redirect to the identity
-- provider until its answer comes back. The state is kept as its SHA-256;
-- the callback takes the row (DELETE ... RETURNING), so a state answers
-- once, and a replayed one finds nothing.
CREATE TABLE oidc_logins (
  state_hash text PRIMARY KEY CHECK (state_hash ~ '^[0-9a-f]{64}$'),
  nonce text NOT NULL CHECK (length(nonce) BETWEEN 16 AND 128),
  code_verifier text NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX oidc_logins_by_expiry ON oidc_logins (expires_at);
