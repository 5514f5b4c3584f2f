-- Designations to read whistleblowers' identities are history, not a set:
-- ending one keeps its row (who ended it, when), so a read of an identity
-- can always be shown to have been made by someone designated at the time.
ALTER TABLE whistleblower_designations DROP CONSTRAINT whistleblower_designations_pkey;
ALTER TABLE whistleblower_designations
  ADD COLUMN id bigserial PRIMARY KEY,
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN ended_by text,
  ADD CONSTRAINT whistleblower_designation_ended CHECK ((ended_at IS NULL) = (ended_by IS NULL));
CREATE UNIQUE INDEX whistleblower_designations_current ON whistleblower_designations (user_id) WHERE ended_at IS NULL;
