-- name: CreateSession :one
INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time, location, online_url)
VALUES (@institution_id, @activity_id, @session_date, @start_time, @end_time, @location, @online_url)
RETURNING id;

-- name: ListActivitySessions :many
SELECT id, session_date, start_time, end_time, location, online_url
FROM activity_sessions
WHERE institution_id = @institution_id AND activity_id = @activity_id
ORDER BY session_date, start_time NULLS FIRST, id;

-- name: GetSession :one
SELECT s.id, s.activity_id, s.session_date, s.start_time, s.end_time, s.location, s.online_url
FROM activity_sessions s
WHERE s.institution_id = @institution_id AND s.id = @id;

-- name: UpdateSession :exec
UPDATE activity_sessions
SET session_date = @session_date, start_time = @start_time, end_time = @end_time, location = @location, online_url = @online_url
WHERE institution_id = @institution_id AND id = @id;

-- name: DeleteSession :execrows
DELETE FROM activity_sessions WHERE institution_id = @institution_id AND id = @id;

-- name: ListProgrammeSessions :many
-- Sessions of a programme's activities between two dates, for the
-- calendar and the feed.
SELECT s.id, s.session_date, s.start_time, s.end_time, s.location, s.online_url,
       a.id AS activity_id, a.title, a.kind, a.status, coalesce(m.code, '')::text AS module_code
FROM activity_sessions s
JOIN activities a ON a.id = s.activity_id
LEFT JOIN modules m ON m.id = a.module_id
WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.archived_at IS NULL
  AND s.session_date >= @from_date AND s.session_date < @to_date
ORDER BY s.session_date, s.start_time NULLS FIRST, s.id
LIMIT 5000;

-- name: UpcomingSessionsFor :many
-- The next sessions of the activities a person leads, is on the team of,
-- or looks after as director or module leader.
SELECT s.id, s.session_date, s.start_time, s.end_time, s.location,
       a.id AS activity_id, a.title, p.code AS programme_code
FROM activity_sessions s
JOIN activities a ON a.id = s.activity_id
JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
  AND s.session_date >= @from_date AND s.session_date < @to_date
  AND (a.lead_id = @user_id
       OR EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = @user_id)
       OR a.programme_id = ANY(@programme_ids::bigint[])
       OR a.module_id = ANY(@module_ids::bigint[]))
ORDER BY s.session_date, s.start_time NULLS FIRST
LIMIT 8;

-- name: DraftsFor :many
SELECT a.id, a.title, a.academic_year, p.code AS programme_code, a.updated_at
FROM activities a JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id AND a.archived_at IS NULL AND a.status = 'idea'
  AND (a.created_by = @user_id OR a.lead_id = @user_id)
ORDER BY a.updated_at DESC
LIMIT 8;

-- name: AwaitingOutcomeFor :many
-- Sessions of the last eight weeks, of the person's activities, that have
-- happened with no outcome recorded.
SELECT s.id, s.session_date, s.start_time, s.location,
       a.id AS activity_id, a.title, p.code AS programme_code
FROM activity_sessions s
JOIN activities a ON a.id = s.activity_id
JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
  AND s.session_date >= @from_date AND s.session_date < @to_date
  AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.session_id = s.id)
  AND (a.lead_id = @user_id
       OR EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = @user_id)
       OR a.programme_id = ANY(@programme_ids::bigint[])
       OR a.module_id = ANY(@module_ids::bigint[]))
ORDER BY s.session_date DESC, s.start_time NULLS FIRST
LIMIT 8;
