-- Issue 30: the subscribers' addresses are personal data. The office's
-- staff and the administrator see counts only. A named person sees an
-- address only under a grant the ombudsman gives, for a stated purpose
-- (a subscriber asks what is kept, or to be removed) and until a day at
-- most 90 days on; the ombudsman can end it sooner. Every use is recorded,
-- without the address: who, when, and what came of it.
CREATE TABLE subscriber_access_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > granted_at),
  revoked_at timestamptz,
  revoked_by text,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX subscriber_access_grants_by_user ON subscriber_access_grants (user_id, ends_at) WHERE revoked_at IS NULL;

CREATE TABLE subscriber_access_uses (
  id bigserial PRIMARY KEY,
  grant_id uuid NOT NULL REFERENCES subscriber_access_grants (id),
  used_by text NOT NULL,
  used_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('found', 'not_found', 'removed'))
);
CREATE INDEX subscriber_access_uses_by_grant ON subscriber_access_uses (grant_id, used_at);
