-- The servers running against this database: each registers as it starts,
-- says it is alive every 15 s and leaves as it stops. `ombudsflow migrate`
-- reads it before a contract or breaking migration, so that it never takes
-- away what a running server still needs (docs/operations.md, "Upgrades").
-- Its times are the database's own clock: servers on several hosts are
-- compared with one clock.
CREATE TABLE running_servers (
  id uuid PRIMARY KEY,
  release text NOT NULL CHECK (length(release) BETWEEN 1 AND 100),
  -- The newest migration the server was built with.
  newest_migration text NOT NULL CHECK (length(newest_migration) BETWEEN 1 AND 200),
  host text NOT NULL CHECK (length(host) BETWEEN 1 AND 255),
  pid integer NOT NULL CHECK (pid > 0),
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()
);
