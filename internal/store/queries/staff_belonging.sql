-- name: ListStaffSurveys :many
-- A programme team's staff belonging surveys, newest first.
SELECT s.id, s.title, s.opens_at, s.closes_at, s.invited,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)::int AS responses
FROM surveys s
WHERE s.institution_id = @institution_id AND s.programme_id = @programme_id AND s.audience = 'staff'
ORDER BY s.opens_at DESC, s.id DESC;

-- name: StaffBelongingSurveys :many
-- The programme's staff surveys that closed in [from, to) and by now,
-- sealed and still holding their responses: what the report's staff
-- section may read. Each with its response count.
SELECT s.id, s.title, s.closes_at,
       (SELECT count(*) FROM survey_responses r WHERE r.institution_id = s.institution_id AND r.survey_id = s.id)::int AS responses
FROM surveys s
WHERE s.institution_id = @institution_id AND s.programme_id = @programme_id AND s.audience = 'staff'
  AND s.closes_at > @from_at AND s.closes_at <= @to_at AND s.closes_at <= @now_at
  AND s.sealed AND s.responses_deleted_on IS NULL
ORDER BY s.closes_at, s.id;

-- name: StaffBelongingAnswers :many
-- The answers, statement by statement, to the given staff surveys (the
-- caller passes only those that reach the threshold).
SELECT st.position, st.body, count(*)::int AS answered,
       (count(*) FILTER (WHERE sa.score >= 4))::int AS agree,
       sum(sa.score)::bigint AS score_sum
FROM surveys s
JOIN survey_responses r ON r.institution_id = s.institution_id AND r.survey_id = s.id
JOIN survey_answers sa ON sa.response_id = r.id
JOIN survey_statements st ON st.id = sa.statement_id
WHERE s.institution_id = @institution_id AND s.audience = 'staff' AND s.id = ANY(@survey_ids::bigint[])
GROUP BY st.position, st.body
ORDER BY st.position, st.body;
