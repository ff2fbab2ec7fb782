-- name: ListInstruments :many
-- The instruments a person's institution may use: the built-in ones and
-- its own, latest versions only.
SELECT i.id, i.institution_id, i.name, i.description, i.version, i.audience,
       (SELECT count(*) FROM survey_statements s WHERE s.instrument_id = i.id)::int AS statements
FROM survey_instruments i
WHERE (i.institution_id IS NULL OR i.institution_id = @institution_id)
  AND NOT EXISTS (SELECT 1 FROM survey_instruments n WHERE n.replaces_id = i.id)
ORDER BY i.institution_id NULLS FIRST, lower(i.name), i.id;

-- name: GetInstrument :one
SELECT i.id, i.institution_id, i.name, i.description, i.free_text_prompt, i.version, i.replaces_id, i.free_text_prompt_cy,
       coalesce((SELECT n.id FROM survey_instruments n WHERE n.replaces_id = i.id), 0)::bigint AS replaced_by,
       EXISTS (SELECT 1 FROM surveys s JOIN survey_responses r ON r.survey_id = s.id WHERE s.instrument_id = i.id)::bool AS has_responses,
       EXISTS (SELECT 1 FROM surveys s WHERE s.instrument_id = i.id)::bool AS in_use
FROM survey_instruments i
WHERE i.id = @id AND (i.institution_id IS NULL OR i.institution_id = @institution_id);

-- name: ListStatements :many
SELECT id, position, body, dimension, required, body_cy
FROM survey_statements
WHERE instrument_id = @instrument_id
ORDER BY position;

-- name: CreateInstrument :one
INSERT INTO survey_instruments (institution_id, name, description, free_text_prompt, version, replaces_id, created_by, free_text_prompt_cy)
VALUES (@institution_id, @name, @description, @free_text_prompt, @version, @replaces_id, @created_by, @free_text_prompt_cy)
RETURNING id;

-- name: UpdateInstrument :exec
UPDATE survey_instruments SET name = @name, description = @description, free_text_prompt = @free_text_prompt,
    free_text_prompt_cy = @free_text_prompt_cy
WHERE institution_id = @institution_id AND id = @id;

-- name: DeleteStatements :exec
DELETE FROM survey_statements WHERE instrument_id = @instrument_id;

-- name: AddStatement :exec
INSERT INTO survey_statements (instrument_id, position, body, dimension, required, body_cy)
VALUES (@instrument_id, @position, @body, @dimension, @required, @body_cy);

-- name: CreateSurvey :one
INSERT INTO surveys (institution_id, programme_id, activity_id, instrument_id, title, phase, pre_id, token, answered_key,
                     opens_at, closes_at, invited, ask_year, created_by, audience)
VALUES (@institution_id, @programme_id, @activity_id, @instrument_id, @title, @phase, @pre_id, @token, @answered_key,
        @opens_at, @closes_at, @invited, @ask_year, @created_by, coalesce(sqlc.narg(audience)::text, 'students'))
RETURNING id;

-- name: GetSurvey :one
SELECT s.id, s.institution_id, s.programme_id, s.activity_id, s.instrument_id, s.title, s.phase, s.pre_id, s.token,
       s.opens_at, s.closes_at, s.invited, s.ask_year, s.responses_deleted_on, s.created_at, s.sealed, s.baseline_year, s.audience,
       coalesce((SELECT p.id FROM surveys p WHERE p.pre_id = s.id), 0)::bigint AS post_id,
       p.code AS programme_code, p.title AS programme_title, p.department_id, p.years AS programme_years,
       coalesce(a.title, '')::text AS activity_title, a.academic_year AS activity_year,
       i.name AS instrument_name, i.version AS instrument_version, i.free_text_prompt,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)::int AS responses
FROM surveys s
JOIN programmes p ON p.id = s.programme_id
JOIN survey_instruments i ON i.id = s.instrument_id
LEFT JOIN activities a ON a.id = s.activity_id
WHERE s.institution_id = @institution_id AND s.id = @id;

-- name: GetSurveyByToken :one
-- The public response page's survey. It reads nothing about the students.
SELECT s.id, s.institution_id, s.instrument_id, s.title, s.phase, s.answered_key, s.opens_at, s.closes_at, s.ask_year, s.audience,
       p.title AS programme_title, p.years AS programme_years, coalesce(a.title, '')::text AS activity_title,
       inst.name AS institution_name, inst.slug AS institution_slug, i.free_text_prompt, i.free_text_prompt_cy,
       inst.default_language AS institution_language
FROM surveys s
JOIN programmes p ON p.id = s.programme_id
JOIN institutions inst ON inst.id = s.institution_id
JOIN survey_instruments i ON i.id = s.instrument_id
LEFT JOIN activities a ON a.id = s.activity_id
WHERE s.token = @token;

-- name: ListSurveys :many
-- A programme's student surveys. Staff belonging surveys are listed apart
-- (ListStaffSurveys), and one activity's by ListActivitySurveys.
SELECT s.id, s.activity_id, s.title, s.phase, s.pre_id, s.opens_at, s.closes_at, s.invited, s.baseline_year,
       coalesce(a.title, '')::text AS activity_title,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)::int AS responses
FROM surveys s
LEFT JOIN activities a ON a.id = s.activity_id
WHERE s.institution_id = @institution_id AND s.programme_id = @programme_id AND s.audience = 'students'
ORDER BY s.opens_at DESC, coalesce(s.pre_id, s.id) DESC, s.id DESC;

-- name: ListActivitySurveys :many
-- One activity's student surveys, as ListSurveys lists them, chosen by
-- the activity alone: the activity's page reads them in the batch it
-- sends with the activity itself, before it knows its programme.
SELECT s.id, s.activity_id, s.title, s.phase, s.pre_id, s.opens_at, s.closes_at, s.invited, s.baseline_year,
       coalesce(a.title, '')::text AS activity_title,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)::int AS responses
FROM surveys s
LEFT JOIN activities a ON a.id = s.activity_id
WHERE s.institution_id = @institution_id AND s.activity_id = @activity_id::bigint AND s.audience = 'students'
ORDER BY s.opens_at DESC, coalesce(s.pre_id, s.id) DESC, s.id DESC;

-- name: UpdateSurvey :exec
UPDATE surveys SET title = @title, opens_at = @opens_at, closes_at = @closes_at, invited = @invited,
       ask_year = @ask_year, instrument_id = @instrument_id, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: CloseSurvey :execrows
-- Ends a survey now; a survey not yet open opens a moment before it ends.
UPDATE surveys SET closes_at = @closes_at, opens_at = @opens_at, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND closes_at > @closes_at;

-- name: DeleteSurvey :exec
DELETE FROM surveys WHERE institution_id = @institution_id AND id = @id;

-- name: CountResponses :one
SELECT count(*)::int FROM survey_responses WHERE survey_id = @survey_id;

-- name: InsertResponse :execrows
-- One response with its answers, in one statement, and nothing else: the
-- transaction writes no other row. It stores nothing unless the survey is
-- open at @now and not yet sealed; the share lock waits for a seal in
-- progress and then sees it, so no response slips in after the shuffle.
-- No rows inserted means the survey closed meanwhile.
WITH open AS (
    SELECT s.id, s.institution_id, s.audience FROM surveys s
    WHERE s.id = @survey_id AND NOT s.sealed AND s.opens_at <= @now AND s.closes_at > @now
    FOR SHARE
),
r AS (
    -- A staff survey keeps no language: a team is small, and who reads in
    -- Welsh may be known.
    INSERT INTO survey_responses (institution_id, survey_id, year_of_study, comment, language)
    SELECT open.institution_id, open.id, @year_of_study, @comment,
           CASE WHEN open.audience = 'students' THEN sqlc.narg(language)::text END
    FROM open
    RETURNING id
)
INSERT INTO survey_answers (response_id, statement_id, score)
SELECT r.id, unnest(@statement_ids::bigint[]), unnest(@scores::smallint[])
FROM r;

-- name: SealSurvey :execrows
-- Marks a closed survey sealed, in the transaction that shuffles its
-- responses. The row lock waits for answers being stored and keeps new
-- ones out (see InsertResponse). No row: not closed by @now, or sealed
-- already.
UPDATE surveys SET sealed = true
WHERE id = @id AND closes_at <= @now AND NOT sealed;

-- name: LockOpenSurvey :execrows
-- Holds an open, unsealed survey against sealing while its responses are
-- mixed. No row: it has closed or been sealed.
SELECT id FROM surveys
WHERE id = @id AND NOT sealed AND closes_at > @now
FOR NO KEY UPDATE;

-- name: ShuffleResponses :one
-- Rewrites a survey's responses and answers in random order, under new
-- random ids, in this one statement: afterwards every one of them carries
-- the same transaction id, lies at a place chosen at random and has an id
-- unrelated to the one it had. The row versions replaced stay in the
-- table's pages until VACUUM (see VacuumResponses). Returns how many
-- responses it rewrote.
WITH old AS (
    DELETE FROM survey_responses dead WHERE dead.survey_id = @survey_id
    RETURNING dead.id, dead.institution_id, dead.survey_id, dead.year_of_study, dead.comment, dead.language
),
shuffled AS MATERIALIZED (
    SELECT old.id AS old_id, gen_random_uuid() AS new_id, random() AS place,
           old.institution_id, old.survey_id, old.year_of_study, old.comment, old.language
    FROM old
),
responses AS (
    INSERT INTO survey_responses (id, institution_id, survey_id, year_of_study, comment, language)
    SELECT sh.new_id, sh.institution_id, sh.survey_id, sh.year_of_study, sh.comment, sh.language
    FROM shuffled sh
    ORDER BY sh.place
),
answers AS (
    INSERT INTO survey_answers (response_id, statement_id, score)
    SELECT sh.new_id, a.statement_id, a.score
    FROM shuffled sh JOIN survey_answers a ON a.response_id = sh.old_id
    ORDER BY sh.place, a.statement_id
)
SELECT count(*)::int FROM shuffled;

-- name: ListSurveysToSeal :many
-- Surveys closed by @now whose responses are not yet sealed.
SELECT id, institution_id FROM surveys
WHERE NOT sealed AND closes_at <= @now
ORDER BY closes_at, id;

-- name: ResponseCounts :many
-- Responses per year of study (NULL: not asked or not given) and language
-- (NULL: not recorded).
SELECT year_of_study, language, count(*)::int AS responses
FROM survey_responses
WHERE survey_id = @survey_id
GROUP BY year_of_study, language;

-- name: AnswerCounts :many
-- How many chose each point of the scale, per statement and year of study.
SELECT a.statement_id, r.year_of_study, a.score, count(*)::int AS answers
FROM survey_answers a
JOIN survey_responses r ON r.id = a.response_id
WHERE r.survey_id = @survey_id
GROUP BY a.statement_id, r.year_of_study, a.score;

-- name: ResponseScores :many
-- Each response's mean score across the statements it answered: the unit
-- the pre/post comparison works on.
SELECT avg(a.score)::float8 AS score
FROM survey_answers a
JOIN survey_responses r ON r.id = a.response_id
WHERE r.survey_id = @survey_id
GROUP BY r.id;

-- name: ListComments :many
-- Free-text answers, alphabetically so that their order says nothing about
-- when or by whom they were written.
SELECT comment FROM survey_responses
WHERE survey_id = @survey_id AND comment <> ''
ORDER BY comment;

-- name: GetSurveyEvidence :one
SELECT id, title, notes FROM evidence WHERE institution_id = @institution_id AND survey_id = @survey_id;

-- name: InsertSurveyEvidence :one
-- Adds the evidence of a pre/post pair once; a second call finds the
-- unique index and adds nothing.
INSERT INTO evidence (institution_id, activity_id, title, kind, strength, notes, instrument, sample_size, response_rate,
                      comparison, effect_size, survey_id)
VALUES (@institution_id, @activity_id, @title, 'survey', 2, @notes, @instrument, @sample_size, @response_rate,
        @comparison, @effect_size, @survey_id)
ON CONFLICT (survey_id) WHERE survey_id IS NOT NULL DO NOTHING
RETURNING id;

-- name: ListPairsAwaitingEvidence :many
-- Closed post surveys of activities whose pair has no evidence yet.
SELECT s.id, s.institution_id
FROM surveys s
WHERE s.phase = 'post' AND s.activity_id IS NOT NULL AND s.closes_at <= @closed_before AND s.responses_deleted_on IS NULL
  AND s.sealed AND EXISTS (SELECT 1 FROM surveys pre WHERE pre.id = s.pre_id AND pre.sealed)
  AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.survey_id = s.id);

-- name: ListSurveysPastRetention :many
SELECT id, institution_id FROM surveys
WHERE closes_at < @before AND responses_deleted_on IS NULL;

-- name: DeleteSurveyResponses :execrows
DELETE FROM survey_responses WHERE survey_id = @survey_id;

-- name: MarkResponsesDeleted :execrows
-- Claims the deletion of a survey's responses: the row stays locked until
-- the deleting transaction ends, and a second run (another server's)
-- finds it done and changes nothing.
UPDATE surveys SET responses_deleted_on = @today WHERE id = @id AND responses_deleted_on IS NULL;

-- name: ListActivityOptions :many
-- Activities of a programme a survey may be about: this year's and last year's.
SELECT id, title, academic_year FROM activities
WHERE institution_id = @institution_id AND programme_id = @programme_id AND archived_at IS NULL
  AND academic_year >= @from_year
ORDER BY academic_year DESC, lower(title);

-- name: TallyClosedSurveys :execrows
-- Tallies the answers of up to 200 sealed surveys not yet tallied, for the
-- reports: a sealed survey's answers never change, and its dates can no
-- longer be edited. Returns how many surveys it tallied. Staff belonging
-- surveys are never tallied: the tallies feed students' pulse figures.
WITH due AS (
    SELECT d.id FROM surveys d
    WHERE d.audience = 'students' AND d.closes_at <= @closed_before AND d.sealed AND d.tallied_responses IS NULL AND d.responses_deleted_on IS NULL
    ORDER BY d.id
    LIMIT 200
    FOR UPDATE SKIP LOCKED
),
tallies AS (
    INSERT INTO survey_tallies (survey_id, statement_id, answered, agree, score_sum)
    SELECT r.survey_id, sa.statement_id, count(*), count(*) FILTER (WHERE sa.score >= 4), sum(sa.score)
    FROM due
    JOIN survey_responses r ON r.survey_id = due.id
    JOIN survey_answers sa ON sa.response_id = r.id
    GROUP BY r.survey_id, sa.statement_id
)
UPDATE surveys s
SET tallied_responses = (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)
FROM due
WHERE s.id = due.id;
