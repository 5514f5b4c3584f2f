-- Four eyes counts everyone who wrote any revision of a draft, not only the
-- latest (record_actor now keeps them in the fact <fact>_all). Cases drafted
-- before kept only the latest writer: their list is read back from the audit
-- events of the transitions that drafted or revised, in the order each person
-- first wrote.
UPDATE case_state s
   SET facts = s.facts || jsonb_build_object('drafted_by_all', d.actors)
  FROM (SELECT complaint_id, jsonb_agg(actor ORDER BY first_seq) AS actors
          FROM (SELECT complaint_id, actor, min(seq) AS first_seq
                  FROM complaint_events
                 WHERE kind = 'transition'
                   AND payload ->> 'transition' IN ('draft_publication', 'revise_publication')
                 GROUP BY complaint_id, actor) AS writers
         GROUP BY complaint_id) AS d
 WHERE s.id = d.complaint_id
   AND s.facts ? 'drafted_by'
   AND NOT s.facts ? 'drafted_by_all';
