-- Cases are assigned to a person of the office: taken by a caseworker, or
-- assigned by the ombudsman. Each assignment is an audit event too.
ALTER TABLE case_state ADD COLUMN assignee uuid REFERENCES users (id);
-- The "my cases" and "unassigned" queues, newest first.
CREATE INDEX case_state_assignee ON case_state (assignee, created_at DESC, id DESC);
