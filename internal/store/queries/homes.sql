-- The role homes: their sections (internal/home): each section is one query,
-- scoped by institution, reading only the rows it shows or counts through
-- indexes, since the home is the page people open most.

-- name: AdminSetup :one
-- The set-up checklist of an admin, and the data sharing of the institution, in one
-- row.
SELECT (SELECT count(*) FROM departments d WHERE d.institution_id = @institution_id AND d.archived_at IS NULL)::int AS departments,
       (SELECT count(*) FROM programmes p WHERE p.institution_id = @institution_id AND p.archived_at IS NULL)::int AS programmes,
       (SELECT count(*) FROM modules m WHERE m.institution_id = @institution_id AND m.archived_at IS NULL)::int AS modules,
       (SELECT count(*) FROM users u WHERE u.institution_id = @institution_id AND u.disabled_at IS NULL)::int AS people,
       (SELECT count(*) FROM invitations i WHERE i.institution_id = @institution_id AND i.accepted_at IS NULL
          AND i.revoked_at IS NULL AND i.expires_at > now())::int AS open_invitations,
       (SELECT count(*) FROM identity_providers ip WHERE ip.institution_id = @institution_id AND ip.enabled)::int AS providers,
       coalesce((SELECT n.access_reviewed_on IS NOT NULL FROM institution_notices n WHERE n.institution_id = @institution_id), false)::bool AS accessibility_reviewed,
       coalesce((SELECT n.privacy_reviewed_on IS NOT NULL FROM institution_notices n WHERE n.institution_id = @institution_id), false)::bool AS privacy_reviewed,
       i.share_network_figures,
       (SELECT count(*) FROM case_study_publications c WHERE c.institution_id = @institution_id
          AND c.visibility IN ('network', 'public'))::int AS shared_case_studies
FROM institutions i WHERE i.id = @institution_id;

-- name: AdminFailedJobs :many
-- The institution's newest failed jobs (emails among them), as on the
-- Failed jobs page, with how many there are.
SELECT j.id, j.kind, coalesce(j.errors[cardinality(j.errors)]->>'error', '')::text AS last_error,
       coalesce(j.finalized_at, j.scheduled_at)::timestamptz AS at, count(*) OVER ()::int AS total
FROM river_job j
WHERE j.state IN ('discarded', 'cancelled', 'retryable') AND cardinality(j.errors) > 0
  AND j.metadata->>'institution_id' = sqlc.arg(institution_id)::bigint::text
ORDER BY j.id DESC
LIMIT 3;

-- name: AdminRecentAudit :many
-- The institution's five latest audit entries, newest first, through the
-- log's (institution_id, id) index.
SELECT a.id, a.action, a.entity, a.entity_id, a.created_at, coalesce(u.name, 'System')::text AS actor_name
FROM audit_log a
LEFT JOIN users u ON u.id = a.actor_id
WHERE a.institution_id = @institution_id
ORDER BY a.id DESC
LIMIT 5;

-- name: ReviewerProgrammes :many
-- The programmes a viewer reviews, by department, with the year's
-- headline figures from the report summaries (no row: no activities).
SELECT d.id AS department_id, d.name AS department_name, p.id AS programme_id, p.code, p.title,
       coalesce(f.activities, 0)::int AS activities, coalesce(f.cells, 0)::int AS cells,
       coalesce(f.no_evidence, 0)::int AS no_evidence, coalesce(f.type1, 0)::int AS type1,
       coalesce(f.type2, 0)::int AS type2, coalesce(f.type3, 0)::int AS type3
FROM programmes p
JOIN departments d ON d.id = p.department_id AND d.institution_id = p.institution_id
LEFT JOIN programme_figures f ON f.programme_id = p.id AND f.year = @year AND f.facet = 'all' AND f.value = ''
WHERE p.institution_id = @institution_id AND p.archived_at IS NULL AND p.id = ANY(@programme_ids::bigint[])
ORDER BY d.name, d.id, coalesce(f.cells, 0), p.code
LIMIT 60;

-- name: ModuleLeaderSessions :many
-- For each module a person leads: its next sessions (up to three, the
-- coming three weeks) and its sessions since @due_from that have no
-- outcome (up to three, newest first), each list with its total. A
-- module with neither comes back as one row with list ''.
WITH s AS (
    SELECT a.module_id, s.id AS session_id, s.session_date, s.start_time, a.id AS activity_id, a.title,
           CASE WHEN s.session_date >= @today::date THEN 'upcoming' ELSE 'due' END::text AS list,
           abs(s.session_date - @today::date) AS distance
    FROM activities a
    JOIN activity_sessions s ON s.activity_id = a.id
    WHERE a.institution_id = @institution_id AND a.archived_at IS NULL AND a.module_id = ANY(@module_ids::bigint[])
      AND s.session_date >= @due_from::date AND s.session_date < @upcoming_to::date
      AND (s.session_date >= @today::date OR NOT EXISTS (
            SELECT 1 FROM outcomes o
            WHERE o.session_id = s.id OR (o.activity_id = s.activity_id AND o.outcome_date = s.session_date)))
), ranked AS (
    SELECT s.module_id, s.session_id, s.session_date, s.start_time, s.activity_id, s.title, s.list,
           row_number() OVER (PARTITION BY s.module_id, s.list ORDER BY s.distance, s.start_time NULLS FIRST, s.session_id) AS n,
           count(*) OVER (PARTITION BY s.module_id, s.list) AS total
    FROM s
)
SELECT m.id AS module_id, m.code, m.title AS module_title, coalesce(r.list, '')::text AS list,
       coalesce(r.session_id, 0)::bigint AS session_id, coalesce(r.session_date, 'epoch')::date AS session_date, r.start_time,
       coalesce(r.activity_id, 0)::bigint AS activity_id, coalesce(r.title, '')::text AS title, coalesce(r.total, 0)::int AS total
FROM modules m
LEFT JOIN ranked r ON r.module_id = m.id AND r.n <= 3
WHERE m.institution_id = @institution_id AND m.id = ANY(@module_ids::bigint[]) AND m.archived_at IS NULL
ORDER BY m.code, m.id, r.list DESC, r.n;

-- name: RecordHomeVisit :one
-- Notes a visit to the home page and answers since when its "new" list
-- counts: the visit before, kept while visits follow within the hour.
-- A visit within five minutes of the one noted changes neither answer, so
-- it writes nothing (a reload costs a read, not a row version); visits
-- then chain within 55 to 60 minutes rather than exactly the hour.
WITH noted AS (
    SELECT v.since FROM home_visits v WHERE v.user_id = @user_id AND v.seen_at + interval '5 minutes' >= @now::timestamptz
), upserted AS (
    INSERT INTO home_visits AS v (user_id, seen_at)
    SELECT @user_id, @now::timestamptz WHERE NOT EXISTS (SELECT 1 FROM noted)
    ON CONFLICT (user_id) DO UPDATE
    SET since = CASE WHEN v.seen_at < excluded.seen_at - interval '1 hour' THEN v.seen_at ELSE v.since END,
        seen_at = excluded.seen_at
    RETURNING since
)
SELECT since FROM upserted
UNION ALL
SELECT since FROM noted;

-- name: NetworkNews :many
-- Case studies shared to the network (or public) since @since, newest
-- first, with how many; with no @since (a first visit), the newest.
SELECT c.case_study_id, c.title, c.institution_name, c.published_at, count(*) OVER ()::int AS total
FROM case_study_publications c
WHERE c.visibility IN ('network', 'public')
  AND (sqlc.narg(since)::timestamptz IS NULL OR c.published_at > sqlc.narg(since)::timestamptz)
ORDER BY c.published_at DESC, c.case_study_id DESC
LIMIT 5;

-- name: NetworkMostKept :many
-- What stands in for "most read" (reads are not counted): the network's
-- case studies kept in the most collections and bookmarks.
WITH kept AS (
    SELECT case_study_id, count(*) AS n FROM (
        SELECT case_study_id FROM collection_items
        UNION ALL SELECT case_study_id FROM bookmarks) k
    GROUP BY case_study_id
)
SELECT c.case_study_id, c.title, c.institution_name, k.n::int AS kept
FROM kept k
JOIN case_study_publications c ON c.case_study_id = k.case_study_id AND c.visibility IN ('network', 'public')
ORDER BY k.n DESC, c.published_at DESC
LIMIT 5;

-- name: NetworkFigures :one
-- The network at a glance: institutions that share their figures, case
-- studies shared beyond their institution and how many institutions
-- wrote them.
SELECT (SELECT count(*) FROM institutions i WHERE i.share_network_figures)::int AS sharing_institutions,
       count(*)::int AS shared_case_studies,
       count(DISTINCT c.institution_id)::int AS contributing_institutions
FROM case_study_publications c
WHERE c.visibility IN ('network', 'public');

-- name: CuratorCollections :many
-- The collections a person keeps (a coordinator's own), newest change
-- first.
SELECT c.id, c.title, c.shared, (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id)::int AS items
FROM collections c
WHERE c.owner_id = @owner_id AND c.institution_id IS NULL
ORDER BY c.updated_at DESC
LIMIT 5;
