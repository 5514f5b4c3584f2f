-- An Idempotency-Key was its token's: (created_by_token, idempotency_key)
-- was unique. A person signed in with a session has no token, and NULLs
-- are distinct, so the workplace's intake form posted twice registered two
-- complaints. The key is now its owner's: the token's ("token:<id>"), or
-- the person's ("user:<id>") for a session.
ALTER TABLE complaints ADD COLUMN idempotency_owner text;
UPDATE complaints SET idempotency_owner = 'token:' || created_by_token
  WHERE idempotency_key IS NOT NULL AND created_by_token IS NOT NULL;
-- Earlier sessions' keys: each its own owner, so duplicates made before
-- this change stay as they are.
UPDATE complaints SET idempotency_owner = 'legacy:' || id
  WHERE idempotency_key IS NOT NULL AND created_by_token IS NULL;
ALTER TABLE complaints ADD CHECK ((idempotency_key IS NULL) = (idempotency_owner IS NULL));
DROP INDEX complaints_idempotency_key;
CREATE UNIQUE INDEX complaints_idempotency_key
  ON complaints (idempotency_owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
