-- Generates :cases synthetic complaints for benchmarks (psql -v cases=N):
-- Danish subjects, descriptions and complaint points drawn from a small
-- vocabulary, spread over five years and the departments, with case_state
-- rows (so case_search is filled by its triggers). They carry no audit
-- events: lists and searches never read them, but reading one such case
-- in full fails its chain check. For benchmark databases only.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE vocabulary (kind text, n integer, words text);
INSERT INTO vocabulary
SELECT 'subject', row_number() OVER (), s FROM unnest(ARRAY[
  'Manglende svar på ansøgning', 'Lang sagsbehandlingstid', 'Klage over hjemmehjælp',
  'Afslag på boligstøtte', 'Parkeringsafgift', 'Affald blev ikke hentet', 'Skoleskift',
  'Fritidsplads', 'Byggetilladelse', 'Vejarbejde og støj', 'Aktindsigt', 'Kørsel til læge',
  'Vinterbekæmpelse', 'Tandpleje for børn', 'Handicapparkering', 'Sygedagpenge',
  'Jobcenterets vejledning', 'Ventetid på genoptræning', 'Plejehjemsplads', 'Ejendomsskat']) s;
INSERT INTO vocabulary
SELECT 'sentence', row_number() OVER (), s FROM unnest(ARRAY[
  'Jeg har ventet i fire måneder på svar fra forvaltningen.',
  'Ingen har ringet tilbage, selvom jeg har skrevet tre gange.',
  'Sagsbehandleren sagde, at sagen var afsluttet, men jeg har ikke fået en afgørelse.',
  'Brevet var svært at forstå, og der stod ikke, hvordan jeg kan klage.',
  'Min mor fik ikke den hjælp, hun var visiteret til.',
  'Medarbejderen var uhøflig i telefonen.',
  'Jeg fik afslag uden begrundelse.',
  'Kommunen har mistet mine papirer.',
  'Jeg blev sendt rundt mellem tre afdelinger.',
  'Der gik seks uger, før nogen kiggede på min ansøgning.',
  'Jeg forstår ikke, hvorfor reglerne er anderledes for mig.',
  'Skolen har ikke svaret på vores henvendelse om mobning.',
  'Bussen til dagcentret kom ikke i en hel uge.',
  'Jeg har betalt regningen, men fik alligevel en rykker.',
  'Naboens byggeri larmer om natten, og ingen reagerer.',
  'Jeg ønsker aktindsigt i min sag.',
  'Afgørelsen henviser til en lov, der ikke gælder længere.',
  'Min søn har ventet et år på en plads i specialklasse.',
  'Vejen er ikke blevet saltet hele vinteren.',
  'Jeg har brug for tolk, men fik ingen.']) s;
INSERT INTO vocabulary
SELECT 'point', row_number() OVER (), s FROM unnest(ARRAY[
  'Sagsbehandlingstiden var for lang', 'Ingen vejledning om klageadgang',
  'Afgørelsen manglede begrundelse', 'Partshøring blev ikke foretaget',
  'Henvendelser blev ikke besvaret', 'Tolkebistand blev ikke tilbudt',
  'Aktindsigt blev nægtet', 'Uhøflig behandling']) s;

INSERT INTO complaints (id, case_number, workflow, channel, complainant_name, complainant_email,
                        language, department, subject, description, created_at)
SELECT md5('bench-case-' || i)::uuid,
       'BR-' || (2022 + i % 5) || '-B' || lpad(i::text, 7, '0'),
       'complaint', (ARRAY['LETTER','EMAIL','WEB_FORM','PHONE','IN_PERSON'])[1 + i % 5],
       (ARRAY['Karen','Jens','Fatima','Mette','Ali','Søren','Hanne','Ole'])[1 + i % 8] || ' ' ||
         (ARRAY['Hansen','Jensen','Nielsen','Pedersen','Andersen','Larsen'])[1 + i % 6] || ' ' || i,
       'borger' || i || '@example.dk', 'da',
       (SELECT code FROM departments ORDER BY code OFFSET i % (SELECT count(*) FROM departments) LIMIT 1),
       (SELECT words FROM vocabulary WHERE kind = 'subject' AND n = 1 + (i * 7) % 20),
       (SELECT string_agg(words, ' ') FROM vocabulary
          WHERE kind = 'sentence' AND n IN (1 + (i * 13) % 20, 1 + (i * 17 + 5) % 20, 1 + (i * 3 + 11) % 20)),
       timestamptz '2022-01-01 08:00+01' + (i * interval '26 minutes')
FROM generate_series(1, :cases) i;

INSERT INTO case_state (id, workflow_version, state, version, points, last_event_hash, updated_at, created_at)
SELECT c.id, 4, (ARRAY['received','awaiting_dialogue','considering_solutions','written_treatment','hearing',
                       'closed','closed','closed','resolved_informally','referred'])[1 + i % 10],
       1,
       CASE WHEN i % 3 = 0 THEN jsonb_build_array(
              jsonb_build_object('number', 1, 'text', (SELECT words FROM vocabulary WHERE kind = 'point' AND n = 1 + i % 8)),
              jsonb_build_object('number', 2, 'text', (SELECT words FROM vocabulary WHERE kind = 'point' AND n = 1 + (i * 5) % 8)))
            ELSE '[]'::jsonb END,
       repeat('0', 64), c.created_at, c.created_at
FROM generate_series(1, :cases) i JOIN complaints c ON c.id = md5('bench-case-' || i)::uuid;
COMMIT;
ANALYZE complaints;
ANALYZE case_state;
ANALYZE case_search;
