-- The audit anchor (docs/security.md): a server writes signed checkpoints of
-- the cases' chain heads to a file outside the database, so a superuser who
-- deletes a case's newest events and rolls its version and head back, a cut
-- the chain alone cannot tell from a shorter history, is still found.
--
-- A checkpoint reads only the cases whose head changed since the one before.
-- Every change of a head stamps the row with its transaction's id, and each
-- checkpoint reads the rows stamped by transactions its predecessor could not
-- see: from the oldest one still running then (its snapshot's xmin), so a
-- change that committed after that checkpoint read is not missed. Rows from
-- before this migration are NULL: a file's first checkpoint reads every case.
ALTER TABLE case_state ADD COLUMN head_changed_by xid8;

CREATE FUNCTION case_state_stamp_head_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.head_changed_by := pg_current_xact_id();
  RETURN NEW;
END;
$$;

CREATE TRIGGER case_state_head_changed BEFORE INSERT OR UPDATE OF version, last_event_hash ON case_state
  FOR EACH ROW EXECUTE FUNCTION case_state_stamp_head_change();

CREATE INDEX case_state_by_head_change ON case_state (head_changed_by);
