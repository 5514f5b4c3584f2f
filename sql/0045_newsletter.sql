-- The newsletter (issue 30): subscribers by double opt-in, issues released
-- through the workflow `newsletter_issue`, and one delivery row per
-- recipient so that a restart neither sends a second copy nor skips anyone.

-- A subscriber: pending until the link in the confirmation e-mail is
-- followed, confirmed afterwards. The consent is kept as agreed to: its
-- text, language and time. Unsubscribing deletes the row; nothing of the
-- address stays (newsletter_subscription_counts keeps the numbers).
CREATE TABLE newsletter_subscribers (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  state text NOT NULL CHECK (state IN ('pending', 'confirmed')),
  consent_text text NOT NULL CHECK (consent_text <> ''),
  consent_language text NOT NULL CHECK (consent_language IN ('da', 'da-easy', 'en')),
  signed_up_at timestamptz NOT NULL,
  -- The confirmation link's token, by its SHA-256; never the token.
  confirm_token_hash text UNIQUE CHECK (confirm_token_hash ~ '^[0-9a-f]{64}$'),
  confirm_expires_at timestamptz,
  confirmation_mailed_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  -- The one-click unsubscribe link's token, in every issue's e-mail. Kept
  -- as it is, since every issue carries it: it can do nothing but remove
  -- this address, which the row holds anyway.
  unsubscribe_token text NOT NULL UNIQUE CHECK (unsubscribe_token ~ '^[0-9a-f]{64}$'),
  CHECK ((state = 'confirmed') = (confirmed_at IS NOT NULL)),
  CHECK (state = 'confirmed' OR (confirm_token_hash IS NOT NULL AND confirm_expires_at IS NOT NULL))
);
CREATE INDEX newsletter_subscribers_pending ON newsletter_subscribers (confirm_expires_at) WHERE state = 'pending';

-- What stays when addresses go: how many signed up, confirmed, left,
-- bounced or let their confirmation expire, per day.
CREATE TABLE newsletter_subscription_counts (
  day date NOT NULL,
  event text NOT NULL CHECK (event IN ('signed_up', 'confirmed', 'unsubscribed', 'bounced', 'expired')),
  count integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, event)
);

-- An issue. Its lifecycle is the workflow newsletter_issue's (state,
-- version, facts): approval and release pass its required guards.
CREATE TABLE newsletter_issues (
  id uuid PRIMARY KEY,
  number integer NOT NULL UNIQUE CHECK (number > 0),
  workflow text NOT NULL,
  workflow_version integer NOT NULL CHECK (workflow_version > 0),
  state text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
  heading text NOT NULL CHECK (length(heading) BETWEEN 1 AND 200),
  introduction text NOT NULL CHECK (length(introduction) <= 4000),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  released_at timestamptz,
  recipients integer CHECK (recipients >= 0)
);
CREATE INDEX newsletter_issues_released ON newsletter_issues (released_at DESC) WHERE released_at IS NOT NULL;

-- An issue's items, in order: a case's published statement, or the
-- office's own text (which may still be about a case).
CREATE TABLE newsletter_items (
  issue_id uuid NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position > 0),
  complaint_id uuid REFERENCES complaints (id),
  -- The revision of the case's publication the item carries; null for the
  -- office's own text.
  carried_revision integer CHECK (carried_revision >= 0),
  heading text NOT NULL CHECK (length(heading) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  PRIMARY KEY (issue_id, position),
  CHECK (carried_revision IS NULL OR complaint_id IS NOT NULL)
);
CREATE INDEX newsletter_items_by_case ON newsletter_items (complaint_id) WHERE complaint_id IS NOT NULL;

-- Each step of an issue's lifecycle: who, when, from and to.
CREATE TABLE newsletter_issue_events (
  id bigserial PRIMARY KEY,
  issue_id uuid NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
  transition text NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX newsletter_issue_events_by_issue ON newsletter_issue_events (issue_id, id);

-- One row per recipient of a released issue. A sender claims rows as
-- 'sending' under a lease with a claim of its own; a row becomes 'sent'
-- (only under its claim) in the moment before the message's end is
-- written to the mail server. A crash before that leaves the row to be
-- claimed again, and the server discards a message without its end; a
-- crash after it never sends a second copy; a sender whose claim was taken
-- over aborts its message before the end (docs/communication.md).
CREATE TABLE newsletter_deliveries (
  issue_id uuid NOT NULL REFERENCES newsletter_issues (id),
  subscriber_id uuid NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  claim uuid,
  sent_at timestamptz,
  last_error text,
  PRIMARY KEY (issue_id, subscriber_id),
  CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX newsletter_deliveries_due ON newsletter_deliveries (next_attempt_at) WHERE state IN ('queued', 'sending');
CREATE INDEX newsletter_deliveries_by_subscriber ON newsletter_deliveries (subscriber_id);

-- What an issue's sending came to, kept when recipients leave.
ALTER TABLE newsletter_issues
  ADD COLUMN sent_count integer NOT NULL DEFAULT 0 CHECK (sent_count >= 0),
  ADD COLUMN bounced_count integer NOT NULL DEFAULT 0 CHECK (bounced_count >= 0),
  ADD COLUMN failed_count integer NOT NULL DEFAULT 0 CHECK (failed_count >= 0);

-- The cases the workplace offers for an issue: those whose newsletter
-- decision was yes.
CREATE INDEX case_state_newsletter_yes ON case_state (id) WHERE facts -> 'newsletter' = 'true'::jsonb;
