-- Servers remember an authenticated session for a few seconds. Ending one
-- (signing out, deactivating its person, sweeping it away), or changing
-- who its person is, tells every server at once to forget it.
CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ombudsflow_session_ended', OLD.id_hash);
  RETURN NULL;
END
$$;
CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_session_ended();

CREATE FUNCTION notify_sessions_of_changed_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ombudsflow_session_ended', s.id_hash) FROM sessions s WHERE s.user_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER users_changed AFTER UPDATE OF display_name, role, department, active ON users
  FOR EACH ROW EXECUTE FUNCTION notify_sessions_of_changed_user();
