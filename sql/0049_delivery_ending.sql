-- Issue 30: every recipient gets their copy of a product, and a crash
-- skips nobody. A delivery is marked "ending" and committed in the moment
-- before its message's end goes to the mail server, and "sent" only when
-- the server has answered 250 to that end. A crash between the two leaves
-- the one row whose message the server may or may not have kept; it is
-- claimed again when its lease runs out and sent again under the same
-- Message-ID, which a mailbox keeps once (docs/communication.md,
-- "Sending"). A row still "sending" never reached its end, so the server
-- discarded it. sent_count counts only what the server confirmed.
ALTER TABLE newsletter_deliveries DROP CONSTRAINT newsletter_deliveries_state_check;
ALTER TABLE newsletter_deliveries ADD CONSTRAINT newsletter_deliveries_state_check
  CHECK (state IN ('queued', 'sending', 'ending', 'sent', 'failed'));
DROP INDEX newsletter_deliveries_due;
CREATE INDEX newsletter_deliveries_due ON newsletter_deliveries (next_attempt_at)
  WHERE state IN ('queued', 'sending', 'ending');

-- Each delivery's Message-ID carries a random token of its own
-- ("produkt-<issue>.<delivery>.<token>"): a bounce report is heeded only
-- when it names the token, so a reader, who knows their own Message-ID
-- and so the issue and the numbering, cannot take another off the list
-- by forging reports.
ALTER TABLE newsletter_deliveries ADD COLUMN message_token text NOT NULL
  DEFAULT replace(gen_random_uuid()::text, '-', '') CHECK (message_token ~ '^[0-9a-f]{32}$');
