-- name: ListActivityRecordSurveys :many
-- An activity's surveys for its evaluation record, oldest first, with what
-- decides whether their totals may be shown: sealed, responses kept, how
-- many answered. One query for all of them.
SELECT s.id, s.title, s.phase, s.opens_at, s.closes_at, s.invited, s.sealed, s.responses_deleted_on,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)::int AS responses
FROM surveys s
WHERE s.institution_id = @institution_id AND s.programme_id = @programme_id AND s.activity_id = @activity_id
ORDER BY s.opens_at, coalesce(s.pre_id, s.id), s.id;
