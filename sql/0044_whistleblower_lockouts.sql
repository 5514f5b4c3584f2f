-- A report's lock grows with each lock-out (issue 29): 15 minutes the
-- first time, twice as long each time after, at most a day, until the
-- right password starts the count again.
ALTER TABLE whistleblower_reports ADD COLUMN lockouts integer NOT NULL DEFAULT 0 CHECK (lockouts >= 0);
