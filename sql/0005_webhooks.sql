-- Webhook endpoints departments' notices are pushed to, and each notice's
-- delivery to each endpoint (attempts, backoff, outcome).
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department text NOT NULL REFERENCES departments (code),
  url text NOT NULL CHECK (url ~ '^https?://'),
  -- The signing secret, "whsec_" + base64. Needed in clear to sign.
  secret text NOT NULL CHECK (secret LIKE 'whsec\_%'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  disabled_at timestamptz,
  disabled_reason text,
  CHECK (active = (disabled_at IS NULL))
);
-- One place to push to per department: a second needs the first disabled.
CREATE UNIQUE INDEX webhook_endpoints_one_active ON webhook_endpoints (department) WHERE active;

CREATE TABLE webhook_deliveries (
  notice_id uuid NOT NULL REFERENCES notices (id),
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'delivered', 'dead_letter', 'abandoned')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  PRIMARY KEY (notice_id, endpoint_id),
  CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);
-- The delivery worker's claim: due pending deliveries, oldest first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id) WHERE state = 'pending';
