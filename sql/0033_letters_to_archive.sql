-- The letter job archives the PDF of letters that leave with a
-- department's notice; it finds the few without one by this index.
CREATE INDEX letters_to_archive ON letters (id) WHERE delivery_state = 'with_notice' AND pdf IS NULL;
