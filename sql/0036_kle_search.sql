-- A case is found by its KLE subject and journal number (issue 28): the
-- facts kle_number ("27.24.00") and journal_number ("27.24.00-K01") join
-- the words a department may read too (it reads the journal number on its
-- notices), weighted as the subject is.
CREATE OR REPLACE FUNCTION refresh_case_search(case_id uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_search (id, department_words, office_words, created_at)
  SELECT c.id, w.department_words,
         w.department_words
           || setweight(to_tsvector('danish', coalesce(c.complainant_name, '')), 'B')
           || setweight(to_tsvector('danish', coalesce(c.description, '')), 'C')
           || setweight(to_tsvector('danish', coalesce(s.facts ->> 'department_answer', '')), 'D'),
         c.created_at
  FROM complaints c JOIN case_state s ON s.id = c.id,
       LATERAL (SELECT setweight(to_tsvector('danish', coalesce(c.subject, '')), 'A')
                       || setweight(to_tsvector('simple', coalesce(s.facts ->> 'kle_number', '') || ' '
                                                          || coalesce(s.facts ->> 'journal_number', '')), 'A')
                       || setweight(jsonb_to_tsvector('danish', s.points, '["string"]'), 'B')
                         AS department_words) w
  WHERE c.id = case_id
  ON CONFLICT (id) DO UPDATE
    SET department_words = excluded.department_words, office_words = excluded.office_words;
$$;

DROP TRIGGER case_state_words_changed ON case_state;
CREATE TRIGGER case_state_words_changed AFTER UPDATE OF points, facts ON case_state
  FOR EACH ROW
  WHEN (OLD.points IS DISTINCT FROM NEW.points
        OR OLD.facts -> 'department_answer' IS DISTINCT FROM NEW.facts -> 'department_answer'
        OR OLD.facts -> 'journal_number' IS DISTINCT FROM NEW.facts -> 'journal_number')
  EXECUTE FUNCTION case_state_words_changed();
