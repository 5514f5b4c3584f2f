-- The department's statement goes to the citizen for comments (issue 28):
-- a letter may send documents of the case's file with it, by their
-- document numbers, attached to its e-mail or printed after it.
ALTER TABLE letters ADD COLUMN enclosures integer[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(enclosures) <= 20);
