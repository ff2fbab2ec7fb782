DROP TRIGGER memberships_figures_insert ON memberships;
DROP TRIGGER memberships_figures_update ON memberships;
DROP TRIGGER memberships_figures_delete ON memberships;
DROP FUNCTION refresh_figures_of_partners();
DELETE FROM memberships WHERE role = 'partner';
DELETE FROM invitations WHERE role = 'partner';
CREATE OR REPLACE FUNCTION count_programme_figures(ids bigint[])
RETURNS SETOF programme_figures LANGUAGE sql STABLE AS $$
    WITH acts AS MATERIALIZED (
        SELECT a.id, a.institution_id, a.programme_id, a.academic_year, a.kind, a.stage, a.dimensions, a.placement,
               a.partnership, a.status, a.cohort_size, a.in_timetabled_hours, a.online_option, a.free_to_students,
               a.accessible, a.suits_commuters_carers, a.alcohol_free, a.dietary_needs_met,
               ev.strongest, oc.activity_id IS NOT NULL AS has_outcome, coalesce(oc.attendance, false) AS has_attendance,
               a.status IN ('completed', 'evaluated') AS finished_now,
               (a.toc_inputs <> '' AND a.toc_activities <> '' AND a.toc_outputs <> '' AND a.toc_outcomes <> ''
                AND a.toc_impact <> '' AND a.toc_assumptions <> '') AS theory
        FROM activities a
        LEFT JOIN LATERAL (SELECT max(e.strength) AS strongest FROM evidence e WHERE e.activity_id = a.id) ev ON true
        LEFT JOIN LATERAL (SELECT o.activity_id, bool_or(o.attendance IS NOT NULL) AS attendance
                           FROM outcomes o WHERE o.activity_id = a.id GROUP BY o.activity_id) oc ON true
        WHERE a.programme_id = ANY (ids) AND a.archived_at IS NULL
    ),
    facets AS (
        SELECT a.institution_id, a.programme_id, a.academic_year AS year, f.facet, f.value,
               count(*)::int AS activities,
               count(*) FILTER (WHERE a.in_timetabled_hours)::int AS in_timetabled_hours,
               count(*) FILTER (WHERE a.online_option)::int AS online_option,
               count(*) FILTER (WHERE a.free_to_students)::int AS free_to_students,
               count(*) FILTER (WHERE a.accessible)::int AS accessible,
               count(*) FILTER (WHERE a.suits_commuters_carers)::int AS suits_commuters_carers,
               count(*) FILTER (WHERE a.alcohol_free)::int AS alcohol_free,
               count(*) FILTER (WHERE a.dietary_needs_met)::int AS dietary_needs_met,
               count(*) FILTER (WHERE a.placement = 'curricular')::int AS curricular,
               count(*) FILTER (WHERE a.partnership <> 'for')::int AS co_created,
               count(*) FILTER (WHERE a.strongest IS NULL)::int AS no_evidence,
               count(*) FILTER (WHERE a.strongest = 1)::int AS type1,
               count(*) FILTER (WHERE a.strongest = 2)::int AS type2,
               count(*) FILTER (WHERE a.strongest = 3)::int AS type3
        FROM acts a
        CROSS JOIN LATERAL (VALUES ('status', a.status), ('kind', a.kind), ('stage', a.stage), ('placement', a.placement),
                                   ('partnership', a.partnership), ('all', '')) AS f (facet, value)
        GROUP BY a.institution_id, a.programme_id, a.academic_year, f.facet, f.value
    ),
    cells AS (
        SELECT a.institution_id, a.programme_id, a.academic_year AS year, a.stage, d.dimension, count(*)::int AS activities
        FROM acts a CROSS JOIN LATERAL unnest(a.dimensions) AS d (dimension)
        GROUP BY a.institution_id, a.programme_id, a.academic_year, a.stage, d.dimension
    ),
    reach AS (
        SELECT a.institution_id, a.programme_id,
               extract(year FROM o.outcome_date - make_interval(months => i.year_start_month - 1))::int AS year,
               a.kind, a.id AS activity_id, o.attendance, coalesce(o.invited, a.cohort_size) AS invited
        FROM acts a
        JOIN institutions i ON i.id = a.institution_id
        JOIN outcomes o ON o.activity_id = a.id
        WHERE o.attendance IS NOT NULL AND coalesce(o.invited, a.cohort_size) > 0
    ),
    cells_filled AS (
        SELECT c.programme_id, c.year, count(*)::int AS cells FROM cells c GROUP BY c.programme_id, c.year
    )
    SELECT f.institution_id, f.programme_id, f.year, f.facet, f.value, f.activities,
           f.in_timetabled_hours, f.online_option, f.free_to_students, f.accessible, f.suits_commuters_carers,
           f.alcohol_free, f.dietary_needs_met,
           0, 0, 0, 0, 0,
           0, 0, 0,
           CASE WHEN f.facet = 'all' THEN f.curricular ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN f.co_created ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN coalesce(cf.cells, 0) ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN f.no_evidence ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN f.type1 ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN f.type2 ELSE 0 END,
           CASE WHEN f.facet = 'all' THEN f.type3 ELSE 0 END
    FROM facets f
    LEFT JOIN cells_filled cf ON f.facet = 'all' AND cf.programme_id = f.programme_id AND cf.year = f.year
    UNION ALL
    SELECT c.institution_id, c.programme_id, c.year, 'cell', c.stage || ':' || c.dimension, c.activities,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM cells c
    UNION ALL
    SELECT c.institution_id, c.programme_id, c.year, 'dimension', c.dimension, sum(c.activities)::int,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM cells c GROUP BY c.institution_id, c.programme_id, c.year, c.dimension
    UNION ALL
    SELECT a.institution_id, a.programme_id, a.academic_year, 'evidence', coalesce(a.strongest, 0)::text, count(*)::int,
           0, 0, 0, 0, 0, 0, 0,
           count(*) FILTER (WHERE a.finished_now)::int,
           count(*) FILTER (WHERE a.has_outcome)::int,
           count(*) FILTER (WHERE a.finished_now AND NOT a.has_outcome)::int,
           count(*) FILTER (WHERE a.has_attendance)::int,
           count(*) FILTER (WHERE a.theory)::int,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM acts a
    GROUP BY a.institution_id, a.programme_id, a.academic_year, coalesce(a.strongest, 0)
    UNION ALL
    SELECT r.institution_id, r.programme_id, r.year, 'reach', coalesce(r.kind, ''), count(DISTINCT r.activity_id)::int,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           count(*)::int, sum(r.attendance)::bigint, sum(r.invited)::bigint,
           0, 0, 0, 0, 0, 0, 0
    FROM reach r
    GROUP BY r.institution_id, r.programme_id, r.year, GROUPING SETS ((r.kind), ())
$$;
SELECT rebuild_report_figures();

ALTER TABLE activity_sessions DROP COLUMN notes;

ALTER TABLE invitations DROP CONSTRAINT invitations_partner_check;
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check
    CHECK (role IN ('admin', 'director', 'module_leader', 'member', 'viewer'));
ALTER TABLE invitations DROP COLUMN activity_id;

DROP INDEX memberships_activity_idx;
DROP INDEX memberships_key;
CREATE UNIQUE INDEX memberships_key ON memberships
    (user_id, role, coalesce(department_id, 0), coalesce(programme_id, 0), coalesce(module_id, 0));
ALTER TABLE memberships DROP CONSTRAINT memberships_check;
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships DROP COLUMN activity_id;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('admin', 'director', 'module_leader', 'member', 'viewer'));
ALTER TABLE memberships ADD CONSTRAINT memberships_check CHECK (
    (role = 'admin' AND department_id IS NULL AND programme_id IS NULL AND module_id IS NULL)
    OR (role IN ('director', 'member') AND programme_id IS NOT NULL AND department_id IS NULL AND module_id IS NULL)
    OR (role = 'module_leader' AND module_id IS NOT NULL AND department_id IS NULL AND programme_id IS NULL)
    OR (role = 'viewer' AND module_id IS NULL AND ((department_id IS NULL) <> (programme_id IS NULL)))
);

DROP TRIGGER users_access_version ON users;
CREATE TRIGGER users_access_version BEFORE UPDATE OF email, name, institution_id, is_coordinator, disabled_at, session_epoch
    ON users FOR EACH ROW EXECUTE FUNCTION raise_own_access_version();
ALTER TABLE users DROP COLUMN student_partner;
