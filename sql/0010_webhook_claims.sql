-- A delivery is claimed with a lease and sent outside any transaction: the
-- claim commits, the worker posts, and a second short transaction records
-- the outcome if the claim is still its own. A worker that dies mid-send
-- leaves the lease to run out; the next claim after that sends again, with
-- the same webhook-id, so a deduping receiver processes it once.
ALTER TABLE webhook_deliveries
  ADD COLUMN claim uuid,
  ADD COLUMN claimed_until timestamptz,
  ADD CONSTRAINT webhook_deliveries_claim_has_lease CHECK ((claim IS NULL) = (claimed_until IS NULL));
