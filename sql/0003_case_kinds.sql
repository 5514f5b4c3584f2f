-- Own-initiative investigations have no complainant, and a discrimination
-- hotline contact may be anonymous and not (yet) about one department. A
-- complaint still needs both.
ALTER TABLE complaints ALTER COLUMN complainant_name DROP NOT NULL;
ALTER TABLE complaints ALTER COLUMN department DROP NOT NULL;
ALTER TABLE complaints ADD CONSTRAINT complaints_need_complainant_and_department
  CHECK (workflow <> 'complaint' OR (complainant_name IS NOT NULL AND department IS NOT NULL));
ALTER TABLE complaints ADD CONSTRAINT own_initiative_needs_department
  CHECK (workflow <> 'own_initiative' OR department IS NOT NULL);

ALTER TABLE complaints DROP CONSTRAINT complaints_channel_check;
ALTER TABLE complaints ADD CONSTRAINT complaints_channel_check
  CHECK (channel IN ('LETTER', 'EMAIL', 'WEB_FORM', 'PHONE', 'IN_PERSON', 'OWN_INITIATIVE'));
