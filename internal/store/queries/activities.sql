-- name: CreateActivity :one
INSERT INTO activities (
    institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level,
    in_timetabled_hours, online_option, free_to_students, accessible, suits_commuters_carers, alcohol_free, dietary_needs_met,
    partnership, partnership_how, aims, toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions,
    lead_id, other_team, funding_source, budget_pence, audience_level, audience_year, cohort_size, status, created_by,
    import_key
) VALUES (
    @institution_id, @programme_id, @module_id, @academic_year, @title, @kind, @stage, @dimensions, @placement, @level,
    @in_timetabled_hours, @online_option, @free_to_students, @accessible, @suits_commuters_carers, @alcohol_free, @dietary_needs_met,
    @partnership, @partnership_how, @aims, @toc_inputs, @toc_activities, @toc_outputs, @toc_outcomes, @toc_impact, @toc_assumptions,
    @lead_id, @other_team, @funding_source, @budget_pence, @audience_level, @audience_year, @cohort_size, @status, @created_by,
    sqlc.narg('import_key')
)
RETURNING id;

-- name: UpdateActivity :one
-- Saves an edit only if nobody has saved since the editor loaded the
-- activity (same version); otherwise no row, and the handler answers 409.
UPDATE activities SET
    module_id = @module_id, academic_year = @academic_year, title = @title, kind = @kind, stage = @stage,
    dimensions = @dimensions, placement = @placement, level = @level,
    in_timetabled_hours = @in_timetabled_hours, online_option = @online_option, free_to_students = @free_to_students,
    accessible = @accessible, suits_commuters_carers = @suits_commuters_carers, alcohol_free = @alcohol_free,
    dietary_needs_met = @dietary_needs_met, partnership = @partnership, partnership_how = @partnership_how, aims = @aims,
    toc_inputs = @toc_inputs, toc_activities = @toc_activities, toc_outputs = @toc_outputs, toc_outcomes = @toc_outcomes,
    toc_impact = @toc_impact, toc_assumptions = @toc_assumptions, lead_id = @lead_id, other_team = @other_team,
    funding_source = @funding_source, budget_pence = @budget_pence, audience_level = @audience_level,
    audience_year = @audience_year, cohort_size = @cohort_size, status = @status,
    status_changed_at = CASE WHEN status = @status THEN status_changed_at ELSE now() END,
    version = version + 1, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND version = @version
RETURNING version;

-- name: GetActivity :one
SELECT a.id, a.institution_id, a.programme_id, a.module_id, a.academic_year, a.title, a.kind, a.stage, a.dimensions,
       a.placement, a.level, a.in_timetabled_hours, a.online_option, a.free_to_students, a.accessible,
       a.suits_commuters_carers, a.alcohol_free, a.dietary_needs_met, a.partnership, a.partnership_how, a.aims,
       a.toc_inputs, a.toc_activities, a.toc_outputs, a.toc_outcomes, a.toc_impact, a.toc_assumptions,
       a.lead_id, a.other_team, a.funding_source, a.budget_pence, a.audience_level, a.audience_year, a.cohort_size,
       a.status, a.version, a.archived_at, a.created_by, a.created_at, a.updated_at,
       p.code AS programme_code, p.title AS programme_title, p.department_id, p.cohort_size AS programme_cohort,
       coalesce(m.code, '')::text AS module_code, coalesce(m.title, '')::text AS module_title,
       coalesce(lead.name, '')::text AS lead_name,
       coalesce((SELECT array_agg(pm.programme_id ORDER BY pm.programme_id) FROM programme_modules pm WHERE pm.module_id = a.module_id), '{}')::bigint[] AS module_programmes,
       coalesce((SELECT array_agg(t.user_id ORDER BY t.user_id) FROM activity_team t WHERE t.activity_id = a.id), '{}')::bigint[] AS team_ids
FROM activities a
JOIN programmes p ON p.id = a.programme_id
LEFT JOIN modules m ON m.id = a.module_id
LEFT JOIN users lead ON lead.id = a.lead_id
WHERE a.institution_id = @institution_id AND a.id = @id;

-- name: ListActivityTeam :many
SELECT u.id, u.name, u.email
FROM activity_team t JOIN users u ON u.id = t.user_id
WHERE t.activity_id = @activity_id
ORDER BY u.name;

-- name: DeleteActivityTeam :exec
DELETE FROM activity_team WHERE activity_id = @activity_id;

-- name: AddActivityTeam :exec
INSERT INTO activity_team (activity_id, user_id)
SELECT @activity_id, unnest(@user_ids::bigint[])
ON CONFLICT DO NOTHING;

-- name: SetActivityArchived :exec
UPDATE activities
SET archived_at = CASE WHEN @archived::bool THEN now() ELSE NULL END, version = version + 1, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: PlanCoverage :many
-- Activities per journey stage and belonging dimension, for the coverage map.
SELECT a.stage, d.dimension::text AS dimension, count(*)::int AS activities
FROM activities a
CROSS JOIN LATERAL unnest(a.dimensions) AS d(dimension)
WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.academic_year = @academic_year
  AND a.archived_at IS NULL
GROUP BY a.stage, d.dimension;

-- name: PlanFigures :one
-- The plan's headline figures, and which academic years have activities.
SELECT count(*) FILTER (WHERE a.academic_year = @academic_year)::int AS total,
       count(*) FILTER (WHERE a.academic_year = @academic_year AND a.placement = 'curricular')::int AS curricular,
       -- Co-created: labelled as made with or by students, or with student partners.
       count(*) FILTER (WHERE a.academic_year = @academic_year AND (a.partnership IN ('with', 'by')
                        OR EXISTS (SELECT 1 FROM memberships pm WHERE pm.activity_id = a.id AND pm.role = 'partner')))::int AS co_created,
       coalesce(sum(a.in_timetabled_hours::int + a.online_option::int + a.free_to_students::int + a.accessible::int
                    + a.suits_commuters_carers::int + a.alcohol_free::int + a.dietary_needs_met::int)
                FILTER (WHERE a.academic_year = @academic_year), 0)::int AS checklist_ticks,
       coalesce(array_agg(DISTINCT a.academic_year), '{}')::int[] AS years
FROM activities a
WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.archived_at IS NULL;

-- name: ListModuleActivities :many
SELECT a.id, a.title, a.kind, a.stage, a.status, a.academic_year, p.code AS programme_code
FROM activities a JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id AND a.module_id = @module_id AND a.archived_at IS NULL
ORDER BY a.academic_year DESC, lower(a.title)
LIMIT 200;

-- name: ListProgrammeActivitiesForExport :many
SELECT a.id, a.title, a.kind, a.stage, a.dimensions, a.placement, a.level, a.status, a.academic_year,
       coalesce(m.code, '')::text AS module_code, a.partnership, a.partnership_how, a.aims,
       a.in_timetabled_hours, a.online_option, a.free_to_students, a.accessible, a.suits_commuters_carers,
       a.alcohol_free, a.dietary_needs_met, coalesce(lead.email, '')::text AS lead_email,
       a.funding_source, a.budget_pence, a.audience_level, a.audience_year, a.cohort_size,
       a.toc_inputs, a.toc_activities, a.toc_outputs, a.toc_outcomes, a.toc_impact, a.toc_assumptions,
       (SELECT count(*) FROM activity_sessions s WHERE s.activity_id = a.id)::int AS sessions,
       coalesce((SELECT to_char(min(s.session_date), 'YYYY-MM-DD') FROM activity_sessions s WHERE s.activity_id = a.id), '')::text AS first_session
FROM activities a
LEFT JOIN modules m ON m.id = a.module_id
LEFT JOIN users lead ON lead.id = a.lead_id
WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.academic_year = @academic_year
  AND a.archived_at IS NULL
ORDER BY a.id;

-- name: ListPlanActivityIDs :many
SELECT id FROM activities
WHERE institution_id = @institution_id AND programme_id = @programme_id AND academic_year = @academic_year
  AND archived_at IS NULL
ORDER BY id;

-- name: CopyActivity :one
-- A copy for the next academic year, as an idea (a draft) at version 1.
INSERT INTO activities (
    institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level,
    in_timetabled_hours, online_option, free_to_students, accessible, suits_commuters_carers, alcohol_free, dietary_needs_met,
    partnership, partnership_how, aims, toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions,
    lead_id, other_team, funding_source, budget_pence, audience_level, audience_year, cohort_size, status, created_by
)
SELECT src.institution_id, src.programme_id, src.module_id, src.academic_year + 1, src.title, src.kind, src.stage,
       src.dimensions, src.placement, src.level, src.in_timetabled_hours, src.online_option, src.free_to_students,
       src.accessible, src.suits_commuters_carers, src.alcohol_free, src.dietary_needs_met, src.partnership,
       src.partnership_how, src.aims, src.toc_inputs, src.toc_activities, src.toc_outputs, src.toc_outcomes,
       src.toc_impact, src.toc_assumptions, src.lead_id, src.other_team, src.funding_source, src.budget_pence,
       src.audience_level, src.audience_year, src.cohort_size, 'idea', @created_by::bigint
FROM activities src
WHERE src.institution_id = @institution_id AND src.id = @id
RETURNING id;

-- name: ListSessionDates :many
-- The distinct dates of an activity's sessions, for copying them.
SELECT DISTINCT session_date FROM activity_sessions
WHERE institution_id = @institution_id AND activity_id = @activity_id
ORDER BY session_date;

-- name: CopyActivitySessions :exec
-- Sessions of the copy fall on the dates given for the old ones
-- (acyear.NextYearDay: the same weekday of the same teaching week).
INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time, location, online_url)
SELECT src.institution_id, @to_activity_id::bigint, m.to_date, src.start_time, src.end_time, src.location, src.online_url
FROM activity_sessions src
JOIN (SELECT unnest(@from_dates::date[]) AS from_date, unnest(@to_dates::date[]) AS to_date) m ON m.from_date = src.session_date
WHERE src.institution_id = @institution_id AND src.activity_id = @from_activity_id
ORDER BY src.session_date, src.start_time NULLS FIRST, src.id;

-- name: CopyActivityTeam :exec
INSERT INTO activity_team (activity_id, user_id)
SELECT @to_activity_id::bigint, src.user_id FROM activity_team src WHERE src.activity_id = @from_activity_id;

-- name: ListPeopleOptions :many
-- The institution's active people, for choosing a lead and team.
SELECT id, name, email FROM users
WHERE institution_id = @institution_id AND disabled_at IS NULL
ORDER BY lower(name);

-- name: CountActivePeopleIn :one
SELECT count(*)::int FROM users
WHERE institution_id = @institution_id AND disabled_at IS NULL AND id = ANY(@ids::bigint[]);

-- name: ProgrammeModuleOptions :many
SELECT m.id, m.code, m.title
FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
WHERE pm.institution_id = @institution_id AND pm.programme_id = @programme_id AND m.archived_at IS NULL
ORDER BY lower(m.code);

-- name: ActivitiesDueToMoveOn :many
-- Scheduled and running activities whose sessions say their status should
-- move on by @now: to running once the first session has started, to
-- completed once the last has ended, counting only a start or end that
-- came after the status was last set (a person's later choice stands).
SELECT a.id, a.institution_id, a.status,
       (CASE WHEN max(s.ends_at) <= @now::timestamptz AND max(s.ends_at) > a.status_changed_at THEN 'completed' ELSE 'running' END)::text AS next_status
FROM activities a
JOIN activity_sessions s ON s.activity_id = a.id AND s.institution_id = a.institution_id
WHERE a.status IN ('scheduled', 'running') AND a.archived_at IS NULL
GROUP BY a.id
HAVING (max(s.ends_at) <= @now::timestamptz AND max(s.ends_at) > a.status_changed_at)
    OR (a.status = 'scheduled' AND min(s.starts_at) <= @now::timestamptz AND min(s.starts_at) > a.status_changed_at)
ORDER BY a.id
LIMIT 500;

-- name: MoveActivityStatus :execrows
-- The upkeep's status change, made only if the status is still the one it
-- read; it raises the version, so an edit form opened before it is
-- refused rather than putting the old status back unseen.
UPDATE activities
SET status = @next_status, status_changed_at = @now, version = version + 1, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND status = @status;

-- name: ImportedKeys :many
-- Which of these import keys already name an activity of the programme.
SELECT import_key::bytea FROM activities
WHERE institution_id = @institution_id AND programme_id = @programme_id AND import_key = ANY(@keys::bytea[]);

-- name: TryLockPlanImport :one
-- One import into a programme at a time: the lock is held until the
-- transaction ends, and a second import asking meanwhile is told at once.
-- (Programmes whose ids share a remainder share the lock: harmless.)
SELECT pg_try_advisory_xact_lock(hashtext('plan import'), mod(@programme_id::bigint, 2147483647)::int) AS locked;

-- name: ActivityPageVersion :one
-- The version of what an activity's page keeps of its own rows (migration
-- 000305): its programme's and its institution's, summed, with the
-- programme they were read for.
SELECT a.programme_id,
       (coalesce((SELECT v.version FROM activity_page_versions v WHERE v.kind = 'programme' AND v.id = a.programme_id), 0)
        + coalesce((SELECT v.version FROM activity_page_versions v WHERE v.kind = 'institution' AND v.id = a.institution_id), 0))::bigint AS version
FROM activities a
WHERE a.institution_id = @institution_id AND a.id = @id;
