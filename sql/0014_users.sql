-- People. An office is a caseworker, a deputy and the ombudsman, each
-- signing in as themselves; a department's staff are bound to their
-- department. Accounts are made by an administrator (`ombudsflow user
-- create`), never by signing in.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '_%@_%'),
  role text NOT NULL
    CHECK (role IN ('caseworker', 'ombudsman', 'deputy', 'department', 'administrator')),
  department text REFERENCES departments (code),
  -- The identity provider's `sub`, recorded at the first OIDC sign-in.
  oidc_subject text UNIQUE CHECK (length(oidc_subject) BETWEEN 1 AND 255),
  -- Argon2id in libsodium's encoded form; NULL: no local sign-in.
  password_hash text CHECK (password_hash LIKE '$argon2id$%'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz,
  CHECK ((role = 'department') = (department IS NOT NULL)),
  CHECK (active = (deactivated_at IS NULL))
);
CREATE UNIQUE INDEX users_by_email ON users (lower(email));

-- A token belongs to a user, or (user_id NULL) to the system its name
-- names: a department's integration, a script. Tokens made before people
-- existed are systems'.
ALTER TABLE api_tokens ADD COLUMN user_id uuid REFERENCES users (id);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id) WHERE user_id IS NOT NULL;

-- Events record who acted by id: "user:<uuid>" or "system:<name>". Events
-- recorded before this migration keep the token name they were sealed with
-- (the chain covers it).
ALTER TABLE complaint_events RENAME COLUMN actor_name TO actor;

-- A delegation names the deputy's user id. Running delegations named a
-- token's free-text name, which no longer identifies anyone: they end here,
-- and the ombudsman delegates again to the person.
UPDATE delegations SET revoked_at = now(), revoked_by = 'system:migration-0014'
  WHERE revoked_at IS NULL AND ends_at > now();
COMMENT ON COLUMN delegations.deputy IS 'the deputy''s user id (before migration 0014: a token name)';

-- Web sessions: an opaque random id in an HttpOnly cookie, kept here only
-- as its SHA-256, so any server can serve any request and a copy of this
-- table signs no one in. Signing out deletes the row.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- The absolute timeout; the idle timeout is the server's setting.
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed sign-ins in the current window, per account ("account:<e-mail>")
-- and per address ("address:<ip>"), shared by every server.
CREATE TABLE sign_in_failures (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 400),
  failures integer NOT NULL CHECK (failures > 0),
  window_started_at timestamptz NOT NULL
);
