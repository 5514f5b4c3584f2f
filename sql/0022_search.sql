-- Full-text search over a case's words, in Danish (the `danish` snowball
-- stemmer: "klager" and "klage" both become "klag").
--
-- Two vectors, because who may read a word decides who may find a case by
-- it: `department_words` holds what a department may read of the case (its
-- subject and complaint points, with their assessments); `office_words`
-- adds what only the office reads (the description, the department's
-- answer as a fact, the complainant's name). A department's search never
-- touches office_words.
--
-- The vectors live in a table of their own, kept by triggers, so that a
-- transition rewriting case_state does not rewrite them unless the words
-- changed, and pseudonymisation (an UPDATE of complaints) clears them.
--
-- The registration time is copied here (it never changes) so that the
-- ranking and its tie-break read this table alone: the first page joins
-- its 20 rows to the case, not every match (125 ms down to 45 ms for a
-- word in 15,000 of 100,000 cases).
CREATE TABLE case_search (
  id uuid PRIMARY KEY REFERENCES complaints (id),
  department_words tsvector NOT NULL,
  office_words tsvector NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_search_department_words ON case_search USING gin (department_words);
CREATE INDEX case_search_office_words ON case_search USING gin (office_words);

-- Weights rank a hit in the subject (A) above one in the points or the
-- name (B), the description (C) and the answer (D).
CREATE FUNCTION refresh_case_search(case_id uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_search (id, department_words, office_words, created_at)
  SELECT c.id, w.department_words,
         w.department_words
           || setweight(to_tsvector('danish', coalesce(c.complainant_name, '')), 'B')
           || setweight(to_tsvector('danish', coalesce(c.description, '')), 'C')
           || setweight(to_tsvector('danish', coalesce(s.facts ->> 'department_answer', '')), 'D'),
         c.created_at
  FROM complaints c JOIN case_state s ON s.id = c.id,
       LATERAL (SELECT setweight(to_tsvector('danish', coalesce(c.subject, '')), 'A')
                       || setweight(jsonb_to_tsvector('danish', s.points, '["string"]'), 'B')
                         AS department_words) w
  WHERE c.id = case_id
  ON CONFLICT (id) DO UPDATE
    SET department_words = excluded.department_words, office_words = excluded.office_words;
$$;

CREATE FUNCTION case_state_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_search(NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER case_state_words AFTER INSERT ON case_state
  FOR EACH ROW EXECUTE FUNCTION case_state_words_changed();
CREATE TRIGGER case_state_words_changed AFTER UPDATE OF points, facts ON case_state
  FOR EACH ROW
  WHEN (OLD.points IS DISTINCT FROM NEW.points
        OR OLD.facts -> 'department_answer' IS DISTINCT FROM NEW.facts -> 'department_answer')
  EXECUTE FUNCTION case_state_words_changed();
CREATE TRIGGER complaint_words_changed AFTER UPDATE OF subject, description, complainant_name ON complaints
  FOR EACH ROW
  WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description
        OR OLD.complainant_name IS DISTINCT FROM NEW.complainant_name)
  EXECUTE FUNCTION case_state_words_changed();

SELECT refresh_case_search(id) FROM case_state;
