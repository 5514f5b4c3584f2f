-- A city's history for the report benchmarks (psql -v cases=N -v years=Y):
-- N cases over the Y years up to yesterday, in every workflow, on the
-- paths cases take and in proportions like the office's: about 88 %
-- complaints (a quarter guided to dialogue, a fifth solved informally, a
-- tenth declined, a quarter investigated on up to three points), 2 %
-- own-initiative investigations and 10 % discrimination-hotline contacts;
-- hearings answered on time, after a reminder or after the escalation;
-- outcomes, recommendations followed up, KlarRet themes, working days per
-- stage.
--
-- It writes each case (complaints) and what its events add to the reports
-- (report_tallies, report_case_themes), measure by measure as
-- engine/core/workflow/report_tallies.cc counts them, summed per office
-- day as the event-writing statements keep them. It writes no audit
-- events: the reports never read them, and 1,000,000 cases' worth would
-- add gigabytes without changing what a report reads. Working days are
-- drawn, and their calendar days approximated as 7/5 of them. For
-- benchmark databases only.
\set ON_ERROR_STOP on
BEGIN;

-- A uniform number in [0, 1) for case i and draw k, the same on every run.
CREATE FUNCTION pg_temp.r(i bigint, k integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ('x' || substr(md5(i::text || ':' || k::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$;

-- Calendar days for w working days.
CREATE FUNCTION pg_temp.cal(w integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ceil(w * 1.4)::integer $$;

CREATE TEMP TABLE sim AS
SELECT i, md5('history-' || i)::uuid AS id,
       CASE WHEN pg_temp.r(i, 1) < 0.88 THEN 'complaint'
            WHEN pg_temp.r(i, 1) < 0.90 THEN 'own_initiative'
            ELSE 'discrimination_hotline' END AS workflow,
       -- BIF and SOF get the most complaints, KFF the fewest.
       (ARRAY['BIF','BIF','BIF','SOF','SOF','SOF','BUF','BUF','SUF','SUF','TMF','TMF','ØKF','KFF'])
         [1 + floor(pg_temp.r(i, 2) * 14)::integer] AS department,
       (ARRAY['EMAIL','EMAIL','EMAIL','WEB_FORM','WEB_FORM','WEB_FORM','PHONE','PHONE','LETTER','IN_PERSON'])
         [1 + floor(pg_temp.r(i, 3) * 10)::integer] AS channel,
       (current_date - 1 - floor(pg_temp.r(i, 4) * 365.25 * :years)::integer) AS created,
       pg_temp.r(i, 5) AS path,
       1 + floor(pg_temp.r(i, 6) * 3)::integer AS points,
       floor(pg_temp.r(i, 7) * 5)::integer AS w_received,
       floor(pg_temp.r(i, 8) * 15)::integer AS w_considering,
       floor(pg_temp.r(i, 9) * 20)::integer AS w_written,
       3 + floor(pg_temp.r(i, 10) * 12)::integer AS w_hearing,
       pg_temp.r(i, 11) AS hearing_path,
       floor(pg_temp.r(i, 12) * 10)::integer AS w_late,
       floor(pg_temp.r(i, 13) * 20)::integer AS w_assessment,
       floor(pg_temp.r(i, 14) * 10)::integer AS w_closing,
       pg_temp.r(i, 15) AS follow_path,
       10 + floor(pg_temp.r(i, 16) * 30)::integer AS w_follow_up
FROM generate_series(1, :cases) AS i;

-- The complaint paths, by the draw `path`.
ALTER TABLE sim ADD COLUMN route text;
UPDATE sim SET route = CASE
  WHEN workflow = 'own_initiative' THEN CASE WHEN path < 0.7 THEN 'inspect' ELSE 'drop' END
  WHEN workflow = 'discrimination_hotline' THEN
    CASE WHEN path < 0.5 THEN 'guide' WHEN path < 0.8 THEN 'refer' ELSE 'convert' END
  WHEN path < 0.12 THEN 'referred'
  WHEN path < 0.37 THEN 'dialogue'
  WHEN path < 0.42 THEN 'forwarded'
  WHEN path < 0.62 THEN 'informal'
  WHEN path < 0.72 THEN 'declined'
  WHEN path < 0.97 THEN 'investigated'
  ELSE 'withdrawn' END;
-- Recent cases have not finished: the investigations of the last two
-- months are still in hearing.
UPDATE sim SET route = 'open' WHERE route = 'investigated' AND created > current_date - 60;

-- Day offsets of each step, from the working days drawn.
ALTER TABLE sim ADD COLUMN d1 date, ADD COLUMN d2 date, ADD COLUMN d3 date, ADD COLUMN d4 date,
  ADD COLUMN d5 date, ADD COLUMN d6 date, ADD COLUMN d7 date, ADD COLUMN hearing_days integer,
  ADD COLUMN answered_from text;
UPDATE sim SET
  d1 = created + pg_temp.cal(w_received),
  d2 = created + pg_temp.cal(w_received) + pg_temp.cal(w_considering),
  d3 = created + pg_temp.cal(w_received) + pg_temp.cal(w_considering) + pg_temp.cal(w_written),
  answered_from = CASE WHEN hearing_path < 0.75 THEN 'hearing'
                       WHEN hearing_path < 0.95 THEN 'hearing_reminded' ELSE 'hearing_escalated' END,
  hearing_days = CASE WHEN hearing_path < 0.75 THEN w_hearing
                      WHEN hearing_path < 0.95 THEN 15 + w_late ELSE 25 + w_late END;
UPDATE sim SET d4 = d3 + pg_temp.cal(hearing_days),
               d5 = d3 + pg_temp.cal(hearing_days) + pg_temp.cal(w_assessment),
               d6 = d3 + pg_temp.cal(hearing_days) + pg_temp.cal(w_assessment) + pg_temp.cal(w_closing);
UPDATE sim SET d7 = d6 + pg_temp.cal(CASE WHEN follow_path < 0.85 THEN w_follow_up ELSE 40 + w_late END);

-- The cases themselves (what the themes report links to).
INSERT INTO complaints (id, case_number, workflow, channel, complainant_name, complainant_email, language,
                        department, subject, description, created_at)
SELECT id, 'BR-' || extract(year FROM created)::integer || '-H' || lpad(i::text, 7, '0'), workflow,
       CASE WHEN workflow = 'own_initiative' THEN 'OWN_INITIATIVE' ELSE channel END,
       CASE WHEN workflow = 'own_initiative' THEN NULL ELSE 'Borger ' || i END,
       CASE WHEN workflow = 'own_initiative' THEN NULL ELSE 'borger' || i || '@example.dk' END, 'da',
       department, 'Klage ' || i, 'Genereret til benchmark.', created + time '10:00'
FROM sim;

-- What each step adds: (case, day, measure, key, value, count).
CREATE TEMP TABLE ev (i integer, day date, measure text, key text, value integer, n integer);

-- Registration.
INSERT INTO ev SELECT i, created, 'received',
  CASE WHEN workflow = 'own_initiative' THEN 'OWN_INITIATIVE' ELSE channel END, 0, 1 FROM sim;

-- A step: its transition, the stage it leaves (with its working days),
-- and the terminal state it reaches (with the case's working days).
CREATE FUNCTION pg_temp.step(transition text, from_state text, stage_days integer, to_terminal text, case_days integer)
RETURNS TABLE (measure text, key text, value integer, n integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'transition', transition, 0, 1
  UNION ALL SELECT 'stage', from_state, stage_days, 1 WHERE from_state IS NOT NULL
  UNION ALL SELECT 'case', to_terminal, case_days, 1 WHERE to_terminal IS NOT NULL
$$;

-- Complaints: the triage from 'received'.
INSERT INTO ev SELECT s.i, s.d1, x.* FROM sim s, pg_temp.step(
  CASE s.route WHEN 'referred' THEN 'refer_elsewhere' WHEN 'dialogue' THEN 'guide_to_dialogue'
               WHEN 'forwarded' THEN 'assisted_forwarding' WHEN 'withdrawn' THEN 'withdraw'
               ELSE 'consider_solutions' END,
  'received', s.w_received,
  CASE s.route WHEN 'referred' THEN 'referred' WHEN 'forwarded' THEN 'forwarded' WHEN 'withdrawn' THEN 'withdrawn' END,
  s.w_received) x
WHERE s.workflow = 'complaint';
INSERT INTO ev SELECT i, d1, 'department_has_answered',
  CASE WHEN route IN ('dialogue', 'forwarded') THEN 'false' ELSE 'true' END, 0, 1
FROM sim WHERE workflow = 'complaint' AND route NOT IN ('referred', 'withdrawn');
INSERT INTO ev SELECT i, d1, 'referral',
  (ARRAY['authority','appeals_board','appeals_board','appeals_board','legal_aid','legal_aid','human_rights','interest_organisation'])
    [1 + floor(pg_temp.r(i, 20) * 8)::integer], 0, 1
FROM sim WHERE route IN ('referred', 'refer');
-- Guided to dialogue: most never come back, and the deadline closes them.
INSERT INTO ev SELECT s.i, s.d1 + 42, x.* FROM sim s,
  pg_temp.step('dialogue_lapsed', 'awaiting_dialogue', 30, 'dialogue_closed', s.w_received + 30) x
WHERE s.route = 'dialogue' AND s.d1 + 42 < current_date;
INSERT INTO ev SELECT i, d1 + 42, 'deadline_passed', 'awaiting_dialogue', 0, 1
FROM sim WHERE route = 'dialogue' AND d1 + 42 < current_date;
-- Solved informally, with the newsletter decision.
INSERT INTO ev SELECT s.i, s.d2, x.* FROM sim s,
  pg_temp.step('resolve_informally', 'considering_solutions', s.w_considering, 'resolved_informally',
               s.w_received + s.w_considering) x
WHERE s.route = 'informal';
-- Written treatment: the points registered.
INSERT INTO ev SELECT s.i, s.d2, x.* FROM sim s,
  pg_temp.step('start_written_treatment', 'considering_solutions', s.w_considering, NULL, 0) x
WHERE s.route IN ('declined', 'investigated', 'open');
INSERT INTO ev SELECT i, d2, 'points', 'registered', 0, points FROM sim WHERE route IN ('declined', 'investigated', 'open');
-- Declined, with the reason.
INSERT INTO ev SELECT s.i, s.d3, x.* FROM sim s,
  pg_temp.step('decline_investigation', 'written_treatment', s.w_written, 'investigation_declined',
               s.w_received + s.w_considering + s.w_written) x
WHERE s.route = 'declined';
INSERT INTO ev SELECT i, d3, 'decline_reason',
  (ARRAY['no_prospect_of_criticism','no_prospect_of_criticism','little_significance','not_current',
         'little_citizen_gain','handled_elsewhere','other'])[1 + floor(pg_temp.r(i, 21) * 7)::integer], 0, 1
FROM sim WHERE route = 'declined';
-- The newsletter decision of every closing that records one.
INSERT INTO ev SELECT i, CASE route WHEN 'informal' THEN d2 WHEN 'declined' THEN d3 ELSE d6 END, 'newsletter',
  CASE WHEN pg_temp.r(i, 22) < 0.15 THEN 'true' ELSE 'false' END, 0, 1
FROM sim WHERE route IN ('informal', 'declined', 'investigated');
-- Investigated: the points selected, the hearing and how it was answered.
INSERT INTO ev SELECT s.i, s.d3, x.* FROM sim s,
  pg_temp.step('open_investigation', 'written_treatment', s.w_written, NULL, 0) x
WHERE s.route IN ('investigated', 'open');
INSERT INTO ev SELECT i, d3, 'points', 'selected', 0, 1 + floor(pg_temp.r(i, 23) * points)::integer
FROM sim WHERE route IN ('investigated', 'open');
INSERT INTO ev SELECT i, d3 + 21, 'transition', 'remind_department', 0, 1 FROM sim
WHERE route = 'investigated' AND answered_from <> 'hearing';
INSERT INTO ev SELECT i, d3 + 21, 'stage', 'hearing', 15, 1 FROM sim
WHERE route = 'investigated' AND answered_from <> 'hearing';
INSERT INTO ev SELECT i, d3 + 21, 'deadline_passed', 'hearing', 0, 1 FROM sim
WHERE route = 'investigated' AND answered_from <> 'hearing';
INSERT INTO ev SELECT i, d3 + 35, 'transition', 'escalate_hearing', 0, 1 FROM sim
WHERE route = 'investigated' AND answered_from = 'hearing_escalated';
INSERT INTO ev SELECT i, d3 + 35, 'stage', 'hearing_reminded', 10, 1 FROM sim
WHERE route = 'investigated' AND answered_from = 'hearing_escalated';
INSERT INTO ev SELECT i, d3 + 35, 'deadline_passed', 'hearing_reminded', 0, 1 FROM sim
WHERE route = 'investigated' AND answered_from = 'hearing_escalated';
INSERT INTO ev SELECT s.i, s.d4, x.* FROM sim s,
  pg_temp.step('record_department_answer', s.answered_from,
               CASE s.answered_from WHEN 'hearing' THEN s.hearing_days ELSE s.w_late END, NULL, 0) x
WHERE s.route = 'investigated';
INSERT INTO ev SELECT i, d4, 'chain_exit', answered_from || ':record_department_answer', hearing_days, 1
FROM sim WHERE route = 'investigated';
-- Assessed point by point: outcomes, recommendations, themes.
INSERT INTO ev SELECT s.i, s.d5, x.* FROM sim s,
  pg_temp.step('assess_points', 'assessment', s.w_assessment, NULL, 0) x
WHERE s.route = 'investigated';
CREATE TEMP TABLE assessed AS
SELECT s.i, s.d5, p,
       CASE WHEN pg_temp.r(s.i, 30 + p) < 0.45 THEN 'no_criticism'
            WHEN pg_temp.r(s.i, 30 + p) < 0.85 THEN 'criticism' ELSE 'serious_criticism' END AS outcome,
       pg_temp.r(s.i, 40 + p) < 0.35 AS recommended
FROM sim s, generate_series(1, 1 + floor(pg_temp.r(s.i, 23) * s.points)::integer) AS p
WHERE s.route = 'investigated';
INSERT INTO ev SELECT i, d5, 'outcome', outcome, 0, 1 FROM assessed;
INSERT INTO ev SELECT i, d5, 'recommendation', '', 0, 1 FROM assessed WHERE recommended AND outcome <> 'no_criticism';
CREATE TEMP TABLE recommending AS
SELECT DISTINCT i FROM assessed WHERE recommended AND outcome <> 'no_criticism';
CREATE TEMP TABLE tagged AS
SELECT s.i, s.d5, (ARRAY['partshoering','begrundelse','svarfrist','journalisering','vejledning','klagevejledning',
                         'aktindsigt','oplysning_af_sagen','god_forvaltningsskik','tavshedspligt'])[t] AS theme
FROM sim s, generate_series(1, 10) AS t
WHERE s.route = 'investigated' AND pg_temp.r(s.i, 50 + t) < (ARRAY[0.2,0.25,0.3,0.1,0.15,0.1,0.05,0.15,0.08,0.03])[t];
INSERT INTO ev SELECT i, d5, 'themes', theme, 0, 1 FROM tagged;
-- Closing: with a recommendation, after the department's follow-up.
INSERT INTO ev SELECT s.i, s.d6, x.* FROM sim s LEFT JOIN recommending r ON r.i = s.i,
  pg_temp.step(CASE WHEN r.i IS NULL THEN 'close_without_publication' ELSE 'await_follow_up' END,
               'ready_for_publication', s.w_closing,
               CASE WHEN r.i IS NULL THEN 'closed' END,
               s.w_received + s.w_considering + s.w_written + s.hearing_days + s.w_assessment + s.w_closing) x
WHERE s.route = 'investigated' AND s.d6 < current_date;
INSERT INTO ev SELECT s.i, s.d6, 'transition', 'approve_publication', 0, 1 FROM sim s
WHERE s.route = 'investigated' AND s.d6 < current_date AND pg_temp.r(s.i, 24) < 0.3;
INSERT INTO ev SELECT s.i, s.d6 + 56, 'deadline_passed', 'awaiting_follow_up', 0, 1
FROM sim s JOIN recommending r USING (i) WHERE s.follow_path >= 0.85 AND s.d6 + 56 < current_date;
INSERT INTO ev SELECT s.i, s.d7, x.* FROM sim s JOIN recommending r USING (i),
  pg_temp.step('record_follow_up', CASE WHEN s.follow_path < 0.85 THEN 'awaiting_follow_up' ELSE 'follow_up_reminded' END,
               s.w_follow_up, 'closed',
               s.w_received + s.w_considering + s.w_written + s.hearing_days + s.w_assessment + s.w_closing + s.w_follow_up) x
WHERE s.d7 < current_date;
INSERT INTO ev SELECT s.i, s.d7, 'compliance',
  CASE WHEN pg_temp.r(s.i, 25) < 0.65 THEN 'complied' WHEN pg_temp.r(s.i, 25) < 0.85 THEN 'partly' ELSE 'not_complied' END, 0, 1
FROM sim s JOIN recommending r USING (i) WHERE s.d7 < current_date;

-- Own-initiative investigations and hotline contacts.
INSERT INTO ev SELECT s.i, s.d1 + 5, x.* FROM sim s,
  pg_temp.step(CASE s.route WHEN 'inspect' THEN 'decide_to_investigate' ELSE 'drop' END, 'proposed', s.w_received + 3,
               CASE s.route WHEN 'drop' THEN 'dropped' END, s.w_received + 3) x
WHERE s.workflow = 'own_initiative';
INSERT INTO ev SELECT i, d1 + 5, 'kind', CASE WHEN pg_temp.r(i, 26) < 0.6 THEN 'inspection' ELSE 'general_investigation' END, 0, 1
FROM sim WHERE route = 'inspect';
INSERT INTO ev SELECT s.i, s.created, x.* FROM sim s, pg_temp.step('assess', 'listening', 0, NULL, 0) x
WHERE s.workflow = 'discrimination_hotline';
INSERT INTO ev SELECT s.i, s.d1, x.* FROM sim s,
  pg_temp.step(CASE s.route WHEN 'guide' THEN 'guide_on_options' WHEN 'refer' THEN 'refer' ELSE 'convert_to_complaint' END,
               'assessed', s.w_received,
               CASE s.route WHEN 'guide' THEN 'guided' WHEN 'refer' THEN 'referred' ELSE 'converted_to_complaint' END,
               s.w_received) x
WHERE s.workflow = 'discrimination_hotline';

-- Summed per office day, as the event-writing statements keep them; only
-- what has happened by today.
INSERT INTO report_tallies (day, workflow, department, measure, key, value, n)
SELECT e.day, s.workflow, s.department, e.measure, e.key, e.value, sum(e.n)
FROM ev e JOIN sim s USING (i)
WHERE e.day < current_date
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO report_case_themes (complaint_id, theme, day, department)
SELECT s.id, t.theme, t.d5, s.department FROM tagged t JOIN sim s USING (i) WHERE t.d5 < current_date;
COMMIT;
ANALYZE complaints;
ANALYZE report_tallies;
ANALYZE report_case_themes;
