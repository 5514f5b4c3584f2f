-- A revoked (or deleted) token stops working at once on every server: each
-- server LISTENs on this channel and forgets the token it remembered. The
-- trigger also covers a revocation made directly in SQL.
CREATE FUNCTION notify_token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('ombudsflow_token_revoked', OLD.token_hash);
  ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
    PERFORM pg_notify('ombudsflow_token_revoked', NEW.token_hash);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_revoked AFTER UPDATE OF revoked_at OR DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION notify_token_revoked();
