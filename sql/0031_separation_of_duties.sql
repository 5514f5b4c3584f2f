-- Credentials come from their owner (issue #25, finding 2). An administrator
-- issues tokens to systems only, and invites a person with a one-time link
-- to set their own password; a person issues their own tokens, signed in.
-- Every token and account names who issued it, and every action on an
-- account or a credential is an admin_events row written by the statement
-- that does it.

-- Who issued each token and who created each account, as events name an
-- actor: "user:<uuid>", or "operator:<login>" for the operator's shell (the
-- `ombudsflow` command run by whoever owns the database). Rows from before
-- this migration say they were not recorded.
ALTER TABLE api_tokens ADD COLUMN issued_by text NOT NULL DEFAULT 'unrecorded:before-0031'
  CHECK (length(issued_by) BETWEEN 1 AND 300);
ALTER TABLE api_tokens ALTER COLUMN issued_by DROP DEFAULT;
ALTER TABLE users ADD COLUMN created_by text NOT NULL DEFAULT 'unrecorded:before-0031'
  CHECK (length(created_by) BETWEEN 1 AND 300);
ALTER TABLE users ALTER COLUMN created_by DROP DEFAULT;

-- A system (a token with no user) holds the department role only: every
-- other role reads citizens' personal data, approves or administers, and
-- is a person's. Systems' tokens of those roles stop here; a person issues
-- their own token instead.
UPDATE api_tokens SET revoked_at = now()
  WHERE user_id IS NULL AND role <> 'department' AND revoked_at IS NULL;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_systems_are_departments
  CHECK (user_id IS NOT NULL OR role = 'department' OR revoked_at IS NOT NULL);

-- One-time links to set a password: the only way a new account gets one
-- (besides the operator's break-glass `user set-password`). Kept as the
-- SHA-256 of the link's secret; used once, and only before it expires.
CREATE TABLE password_links (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 300),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX password_links_by_user ON password_links (user_id);

-- Who did what to an account or a credential, and when: append-only.
CREATE TABLE admin_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 300),
  action text NOT NULL CHECK (action IN ('user_created', 'user_deactivated', 'password_link_issued',
                                         'password_set_by_link', 'password_set_by_operator',
                                         'token_issued', 'token_revoked')),
  user_id uuid REFERENCES users (id),       -- the account concerned, if any
  token_id uuid REFERENCES api_tokens (id), -- the token concerned, if any
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX admin_events_by_user ON admin_events (user_id, occurred_at) WHERE user_id IS NOT NULL;

CREATE FUNCTION admin_events_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER admin_events_append_only
  BEFORE UPDATE OR DELETE ON admin_events
  FOR EACH ROW EXECUTE FUNCTION admin_events_are_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON admin_events FROM ombudsflow_server;
