-- The server connects as a member of ombudsflow_server, a role that may
-- read and write what the server needs but never change or remove an audit
-- event. Grants enforce what the append-only trigger says: a superuser can
-- drop a trigger, and the server's own connection cannot get around a grant
-- it does not hold. The run and test commands create the login role
-- (deploy/lib.sh, of_server_login); production creates its own the same way.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ombudsflow_server') THEN
    CREATE ROLE ombudsflow_server NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO ombudsflow_server;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ombudsflow_server;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ombudsflow_server;
REVOKE UPDATE, DELETE, TRUNCATE ON complaint_events FROM ombudsflow_server;
-- The migrations' bookkeeping is the migrator's: the server only reads it.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ombudsflow_server;

-- Tables and sequences later migrations create are reachable the same way;
-- a migration adding a table whose rows must never change revokes it there.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ombudsflow_server;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ombudsflow_server;
