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

-- name: Dashboard :many
-- The home page's three lists in one query, each of at most eight rows:
-- the next sessions of a person's activities ("upcoming"), their sessions
-- that happened with no outcome recorded ("awaiting"), and their draft
-- ideas ("draft"). A person's activities are those they lead or are on
-- the team of, and those of the programmes they direct and the modules
-- they lead. They are found first, through indexes, so the sessions read
-- are only theirs.
WITH mine AS (
    SELECT a.id FROM activities a
    WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
      AND (a.programme_id = ANY(@programme_ids::bigint[]) OR a.module_id = ANY(@module_ids::bigint[]) OR a.lead_id = @user_id)
    UNION
    SELECT t.activity_id FROM activity_team t WHERE t.user_id = @user_id
),
upcoming AS (
    SELECT 'upcoming'::text AS list, s.id AS session_id, s.session_date, s.start_time, s.location, s.activity_id
    FROM mine JOIN activity_sessions s ON s.activity_id = mine.id
    WHERE s.session_date >= @today::date AND s.session_date < @upcoming_to::date
    ORDER BY s.session_date, s.start_time NULLS FIRST, s.id
    LIMIT 8
),
awaiting AS (
    SELECT 'awaiting'::text AS list, s.id AS session_id, s.session_date, s.start_time, s.location, s.activity_id
    FROM mine JOIN activity_sessions s ON s.activity_id = mine.id
    WHERE s.session_date >= @awaiting_from::date AND s.session_date < @today::date
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.session_id = s.id)
    ORDER BY s.session_date DESC, s.start_time NULLS FIRST, s.id
    LIMIT 8
),
drafts AS (
    SELECT 'draft'::text AS list, NULL::bigint AS session_id, NULL::date AS session_date, NULL::time AS start_time, ''::text AS location, a.id AS activity_id
    FROM activities a
    WHERE a.institution_id = @institution_id AND a.archived_at IS NULL AND a.status = 'idea'
      AND (a.created_by = @user_id OR a.lead_id = @user_id)
    ORDER BY a.updated_at DESC, a.id
    LIMIT 8
),
lists AS (
    SELECT *, row_number() OVER () AS n FROM (
        SELECT * FROM upcoming UNION ALL SELECT * FROM awaiting UNION ALL SELECT * FROM drafts) l
)
-- Drafts have no session: their session_id is 0 and date the epoch.
SELECT l.list, coalesce(l.session_id, 0)::bigint AS session_id, coalesce(l.session_date, 'epoch')::date AS session_date,
       l.start_time, l.location, a.id AS activity_id, a.title, a.academic_year, p.code AS programme_code
FROM lists l
JOIN activities a ON a.id = l.activity_id AND a.institution_id = @institution_id AND a.archived_at IS NULL
JOIN programmes p ON p.id = a.programme_id
ORDER BY l.n;
