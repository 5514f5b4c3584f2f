-- refresh_case_search was a LANGUAGE sql function, which PostgreSQL 15
-- parses, analyses and plans again on every call: under the transitions
-- load (bench/transitions.sh) that was 8.7 % of all the machine's CPU,
-- against 2.9 % for running it (perf, docs/performance.md). PL/pgSQL keeps
-- each statement's plan for the connection's life. The same statement;
-- and when the words came out unchanged (assessing a point rewrites the
-- points but rarely their words) the row, and its GIN entries, are left
-- alone instead of rewritten.
CREATE OR REPLACE FUNCTION refresh_case_search(case_id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_search AS cs (id, department_words, office_words, created_at)
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
    SET department_words = excluded.department_words, office_words = excluded.office_words
    WHERE cs.department_words IS DISTINCT FROM excluded.department_words
       OR cs.office_words IS DISTINCT FROM excluded.office_words;
END
$$;
