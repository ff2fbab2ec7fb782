-- name: CreateSession :one
INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time, location, online_url)
VALUES (@institution_id, @activity_id, @session_date, @start_time, @end_time, @location, @online_url)
RETURNING id;

-- name: ListActivitySessions :many
-- An activity's sessions with the notes its partners keep: the activity's
-- page and its partners' section read them once between them.
SELECT id, session_date, start_time, end_time, location, online_url, notes
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

-- name: Home :many
-- The home page's lists in one query, each of at most eight rows, with
-- the list's total where the page shows one: the next sessions of a
-- person's activities ("upcoming") and their draft ideas ("draft"), then
-- what waits for them, which the navigation's count comes from too.
-- Outcomes due ("due") are the sessions since @due_from with no outcome;
-- reviews ("review"), the case studies waiting for approval in the
-- programmes they direct (all of them, for an admin); surveys to close
-- ("survey"), the open surveys they set up that close by @closing_by;
-- invitations ("invitation"), those they sent that are still open.
--
-- A person's activities are those they lead or are on the team of, and
-- those of the programmes they direct and the modules they lead: found
-- once, each way through its own index (one index scan per programme),
-- then their sessions between @due_from and @upcoming_to once, which the
-- upcoming and due lists share. An outcome marks a session done by its
-- session or by its activity and day: two anti-joins, each an index
-- probe, rather than one whose OR needs a bitmap of both.
--
-- The last row ("version") carries the home's version (migration 000300)
-- in its total, read in the same snapshot as the lists, and in
-- programme_ids the programmes it is summed over: those of the person's
-- activities and ideas and those they direct. A home kept at that version
-- is shown again while HomeVersion, over the same programmes, reads the
-- same.
WITH mine AS MATERIALIZED (
    SELECT a.id, a.programme_id FROM unnest(@programme_ids::bigint[]) g(id) JOIN activities a ON a.programme_id = g.id
    WHERE a.institution_id = @institution_id AND a.archived_at IS NULL
    UNION
    SELECT a.id, a.programme_id FROM activities a
    WHERE a.module_id = ANY(@module_ids::bigint[]) AND a.institution_id = @institution_id AND a.archived_at IS NULL
    UNION
    SELECT a.id, a.programme_id FROM activities a
    WHERE a.lead_id = @user_id::bigint AND a.institution_id = @institution_id AND a.archived_at IS NULL
    UNION
    SELECT a.id, a.programme_id FROM activity_team t JOIN activities a ON a.id = t.activity_id
    WHERE t.user_id = @user_id::bigint AND a.institution_id = @institution_id AND a.archived_at IS NULL
),
near AS MATERIALIZED (
    SELECT s.id, s.activity_id, s.session_date, s.start_time, s.location
    FROM mine JOIN activity_sessions s ON s.activity_id = mine.id
    WHERE s.session_date >= @due_from::date AND s.session_date < @upcoming_to::date
),
upcoming AS (
    SELECT s.id, s.activity_id, s.session_date, s.start_time, s.location,
           row_number() OVER (ORDER BY s.session_date, s.start_time NULLS FIRST, s.id) AS n
    FROM near s WHERE s.session_date >= @today::date
),
due AS (
    SELECT s.id, s.activity_id, s.session_date, s.start_time, count(*) OVER () AS total,
           row_number() OVER (ORDER BY s.session_date DESC, s.start_time NULLS FIRST, s.id) AS n
    FROM near s
    WHERE s.session_date < @today::date
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.session_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.activity_id = s.activity_id AND o.outcome_date = s.session_date)
),
-- A person's ideas are those they started or lead: each way through its
-- own index.
drafts AS (
    SELECT a.id, a.title, a.academic_year, a.programme_id, row_number() OVER (ORDER BY a.updated_at DESC, a.id) AS n
    FROM activities a
    WHERE a.id IN (SELECT i.id FROM activities i WHERE i.created_by = @user_id::bigint AND i.status = 'idea' AND i.archived_at IS NULL
                   UNION ALL
                   SELECT l.id FROM activities l WHERE l.lead_id = @user_id::bigint AND l.status = 'idea' AND l.archived_at IS NULL)
      AND a.institution_id = @institution_id
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
-- Each row's day: an upcoming or due session's, the epoch for an idea,
-- the day a review was asked for, a survey's last day, an invitation's
-- expiry. Only ideas carry their academic year; upcoming sessions their
-- place.
SELECT 'upcoming'::text AS list, u.n, u.id AS item_id, u.activity_id, a.title, p.code AS context, u.session_date AS day,
       u.start_time, u.location, 0::integer AS academic_year, 0::bigint AS total, NULL::bigint[] AS programme_ids
FROM upcoming u JOIN activities a ON a.id = u.activity_id JOIN programmes p ON p.id = a.programme_id
WHERE u.n <= 8
UNION ALL
SELECT 'draft', d.n, 0, d.id, d.title, p.code, 'epoch', NULL, '', d.academic_year, 0, NULL
FROM drafts d JOIN programmes p ON p.id = d.programme_id
WHERE d.n <= 8
UNION ALL
SELECT 'due', d.n, d.id, d.activity_id, a.title, p.code, d.session_date, d.start_time, '', 0, d.total, NULL
FROM due d JOIN activities a ON a.id = d.activity_id JOIN programmes p ON p.id = a.programme_id
WHERE d.n <= 8
UNION ALL
SELECT 'review', r.n, r.id, 0, r.title, r.code, (r.updated_at AT TIME ZONE 'Europe/London')::date, NULL, '', 0, r.total, NULL
FROM reviews r WHERE r.n <= 8
UNION ALL
SELECT 'survey', c.n, c.id, 0, c.title, '', (c.closes_at AT TIME ZONE 'Europe/London' - interval '1 second')::date, NULL, '', 0, c.total, NULL
FROM closing c WHERE c.n <= 8
UNION ALL
SELECT 'invitation', i.n, i.id, 0, i.email, '', (i.expires_at AT TIME ZONE 'Europe/London')::date, NULL, '', 0, i.total, NULL
FROM invites i WHERE i.n <= 8
UNION ALL
SELECT 'version', 0, 0, 0, '', '', 'epoch', NULL, '', 0,
       home_version(@institution_id, @user_id::bigint, k.ids, @module_ids::bigint[], @is_admin::boolean), k.ids
FROM (SELECT ARRAY(SELECT programme_id FROM mine UNION SELECT programme_id FROM drafts UNION SELECT unnest(@programme_ids::bigint[])) AS ids) k
ORDER BY 1, 2;

-- name: HomeVersion :one
-- The version of a home kept at the programmes the Home query summed it
-- over (its last row).
SELECT home_version(@institution_id, @user_id::bigint, @programme_ids::bigint[], @module_ids::bigint[], @is_admin::boolean)::bigint AS version;
