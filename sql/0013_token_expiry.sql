-- Tokens expire. Those issued before lifetimes existed get a year from the
-- day this runs: time to replace them, not a surprise outage.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '365 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expire_after_creation CHECK (expires_at > created_at);

-- Cutting a token's life short in SQL ends it at once on every server, as
-- a revocation does.
CREATE OR REPLACE FUNCTION notify_token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('ombudsflow_token_revoked', OLD.token_hash);
  ELSIF (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL) OR NEW.expires_at < OLD.expires_at THEN
    PERFORM pg_notify('ombudsflow_token_revoked', NEW.token_hash);
  END IF;
  RETURN NULL;
END
$$;
DROP TRIGGER api_tokens_revoked ON api_tokens;
CREATE TRIGGER api_tokens_revoked AFTER UPDATE OF revoked_at, expires_at OR DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION notify_token_revoked();
