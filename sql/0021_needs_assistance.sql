-- Whether the citizen can pursue the complaint alone (seed 004): one who
-- cannot is helped, e.g. by assisted forwarding.
ALTER TABLE complaints ADD COLUMN needs_assistance boolean NOT NULL DEFAULT false;
