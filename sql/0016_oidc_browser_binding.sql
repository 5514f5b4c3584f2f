-- A sign-in is bound to the browser that started it: a cookie set when it
-- starts, kept here as its SHA-256, must come back with the provider's
-- answer. Otherwise someone could start a sign-in as themselves and have a
-- victim's browser finish it (login CSRF). Sign-ins under way live minutes:
-- those started before this are dropped.
DELETE FROM oidc_logins;
ALTER TABLE oidc_logins ADD COLUMN browser_hash text NOT NULL CHECK (browser_hash ~ '^[0-9a-f]{64}$');
