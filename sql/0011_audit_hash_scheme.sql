-- Each event names the scheme its chain hash was computed with, so the
-- scheme can change and every chain written before still verifies.
--   1: SHA-256 over length-prefixed fields with the payload's exact text.
--   2: the same under a scheme tag, with the payload in a canonical form
--      engine/audit_event owns (sorted keys, no insignificant whitespace),
--      so the hash no longer depends on how the payload was printed.
-- Rows already written are scheme 1; new rows must say which they use.
ALTER TABLE complaint_events ADD COLUMN hash_scheme smallint NOT NULL DEFAULT 1
  CHECK (hash_scheme IN (1, 2));
ALTER TABLE complaint_events ALTER COLUMN hash_scheme DROP DEFAULT;
