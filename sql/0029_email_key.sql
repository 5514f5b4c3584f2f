-- One form of an e-mail address for every comparison (EmailKey: NFKC with
-- full case folding, by ICU in the server). lower() folded some letters the
-- sign-in counter did not (a dotted capital I, the Kelvin sign), so one
-- account had two counters. The server writes the key with the address;
-- addresses stored so far are ASCII in practice, where lower() of the NFKC
-- form is that key.
ALTER TABLE users ADD COLUMN email_key text;
UPDATE users SET email_key = lower(normalize(email, NFKC));
ALTER TABLE users ALTER COLUMN email_key SET NOT NULL,
  ADD CONSTRAINT users_email_key_length CHECK (length(email_key) BETWEEN 3 AND 1000);
DROP INDEX users_by_email;
CREATE UNIQUE INDEX users_by_email_key ON users (email_key);

-- Sign-in attempts are counted before the password is checked, per account
-- and address ("pair:<account>|<address>"), per address ("address:<ip>")
-- and, for successful sign-ins, per account ("success:<account>"). The
-- table keeps its name; its rows now count attempts.
COMMENT ON TABLE sign_in_failures IS 'sign-in attempts per key in the current window (SessionStore::CountAttempt)';
