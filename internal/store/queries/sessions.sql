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
-- The home page's two lists in one query, each of at most eight rows:
-- the next sessions of a person's activities ("upcoming") and their draft
-- ideas ("draft"); what waits for them is the Waiting query's. A
-- person's activities are those they lead or are on the team of, and
-- those of the programmes they direct and the modules they lead. They are
-- found first, through indexes, so the sessions read are only theirs.
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
        SELECT * FROM upcoming UNION ALL SELECT * FROM drafts) l
)
-- Drafts have no session: their session_id is 0 and date the epoch.
SELECT l.list, coalesce(l.session_id, 0)::bigint AS session_id, coalesce(l.session_date, 'epoch')::date AS session_date,
       l.start_time, l.location, a.id AS activity_id, a.title, a.academic_year, p.code AS programme_code
FROM lists l
JOIN activities a ON a.id = l.activity_id AND a.institution_id = @institution_id AND a.archived_at IS NULL
JOIN programmes p ON p.id = a.programme_id
ORDER BY l.n;

-- name: ListPersonSessions :many
-- Sessions between two dates of the activities a person leads or helps
-- run, for their "my sessions" feed.
SELECT s.id, s.session_date, s.start_time, s.end_time, s.location, s.online_url,
       a.id AS activity_id, a.title, a.kind, p.code AS programme_code
FROM activities a
JOIN activity_sessions s ON s.activity_id = a.id
JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
  AND (a.lead_id = @user_id::bigint OR EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = @user_id::bigint))
  AND s.session_date >= @from_date AND s.session_date < @to_date
ORDER BY s.session_date, s.start_time NULLS FIRST, s.id
LIMIT 5000;

-- name: Waiting :many
-- What waits for the person, for the home page's panel and the count in
-- the navigation, in one query: the first eight of each list with the
-- list's total. Outcomes due are the sessions since @due_from with no
-- outcome of the activities they lead, help run or look after (as the
-- programme's director or the module's leader); reviews, the case studies waiting for
-- approval in the programmes they direct (all of them, for an admin);
-- surveys to close, the open surveys they set up that close by
-- @closing_by; invitations, those they sent that are still open.
WITH led AS (
    SELECT a.id FROM activities a
    WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
      AND (a.programme_id = ANY(@programme_ids::bigint[]) OR a.module_id = ANY(@module_ids::bigint[]) OR a.lead_id = @user_id::bigint)
    UNION
    SELECT t.activity_id FROM activity_team t WHERE t.user_id = @user_id::bigint
),
due AS (
    SELECT s.id, s.activity_id, s.session_date, s.start_time, count(*) OVER () AS total,
           row_number() OVER (ORDER BY s.session_date DESC, s.start_time NULLS FIRST, s.id) AS n
    FROM led JOIN activity_sessions s ON s.activity_id = led.id
    WHERE s.session_date >= @due_from::date AND s.session_date < @today::date
      AND NOT EXISTS (SELECT 1 FROM outcomes o
                      WHERE o.session_id = s.id OR (o.activity_id = s.activity_id AND o.outcome_date = s.session_date))
),
reviews AS (
    SELECT c.id, c.title, p.code, c.updated_at, count(*) OVER () AS total, row_number() OVER (ORDER BY c.updated_at, c.id) AS n
    FROM case_studies c JOIN programmes p ON p.id = c.programme_id
    WHERE c.institution_id = @institution_id AND c.review_state = 'pending' AND c.archived_at IS NULL
      AND (@is_admin::boolean OR c.programme_id = ANY(@programme_ids::bigint[]))
      AND c.author_id IS DISTINCT FROM @user_id::bigint
),
closing AS (
    SELECT sv.id, sv.title, sv.closes_at, count(*) OVER () AS total, row_number() OVER (ORDER BY sv.closes_at, sv.id) AS n
    FROM surveys sv
    WHERE sv.created_by = @user_id::bigint AND sv.institution_id = @institution_id AND sv.responses_deleted_on IS NULL
      AND sv.opens_at <= @now AND sv.closes_at > @now AND sv.closes_at <= @closing_by
),
invites AS (
    SELECT i.id, i.email, i.expires_at, count(*) OVER () AS total, row_number() OVER (ORDER BY i.created_at DESC, i.id) AS n
    FROM invitations i
    WHERE i.institution_id = @institution_id AND i.invited_by = @user_id::bigint
      AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @now
)
-- Each row's day: the session's, the day a review was asked for, a
-- survey's last day, an invitation's expiry.
SELECT 'due'::text AS list, d.n, d.id AS item_id, d.activity_id, a.title, p.code AS context, d.session_date AS day, d.start_time, d.total
FROM due d JOIN activities a ON a.id = d.activity_id JOIN programmes p ON p.id = a.programme_id
WHERE d.n <= 8
UNION ALL
SELECT 'review', r.n, r.id, 0, r.title, r.code, (r.updated_at AT TIME ZONE 'Europe/London')::date, NULL, r.total
FROM reviews r WHERE r.n <= 8
UNION ALL
SELECT 'survey', c.n, c.id, 0, c.title, '', (c.closes_at AT TIME ZONE 'Europe/London' - interval '1 second')::date, NULL, c.total
FROM closing c WHERE c.n <= 8
UNION ALL
SELECT 'invitation', i.n, i.id, 0, i.email, '', (i.expires_at AT TIME ZONE 'Europe/London')::date, NULL, i.total
FROM invites i WHERE i.n <= 8
ORDER BY 1, 2;
