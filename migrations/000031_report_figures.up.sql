-- Summaries that department, institution and network reports read instead
-- of counting every activity, outcome and evidence item on each view: an
-- institution of 3,000 programmes holds 200,000 activities.
--
-- programme_figures holds, for each programme and academic year, the
-- counts a report needs, as rows of (facet, value):
--   status, kind, stage, placement, partnership   activities of the year with
--                                                 that value (and how many meet
--                                                 each point of the inclusivity
--                                                 checklist);
--   all ('')                                      every activity of the year,
--                                                 with the headline figures of
--                                                 the programme table;
--   dimension (a dimension)                       activities targeting it;
--   cell ('stage:dimension')                      activities in that cell of the
--                                                 coverage map;
--   evidence ('0'-'3')                            activities whose strongest
--                                                 evidence is of that type (0:
--                                                 none), with what else they have
--                                                 recorded;
--   reach (a kind, or '' for all)                 outcomes dated in the year that
--                                                 record attendance, with the
--                                                 students invited.
-- Archived activities count nowhere. Outcomes are placed in academic years
-- by their date and their institution's first month of the year.
--
-- institution_figures holds the same rows added up over each institution's
-- programmes that are not archived, with `programmes`: how many programmes
-- have a nonzero row there.
--
-- How they stay right: every statement that writes activities, outcomes or
-- evidence recomputes, at its end, the rows of the programmes it touched
-- from their activities (refresh_programme_figures), and adds the change to
-- the institution's rows. It first locks the institution's row, and reads
-- in statements of its own after that, so under READ COMMITTED it sees
-- every change committed before it by other writers in the institution,
-- and a writer that comes after waits until this one commits and then sees
-- its changes: each programme's rows are always those of its committed
-- activities, and the institution's the sum of its programmes'. (Under
-- REPEATABLE READ a writer that cannot see another's committed change
-- fails with a serialisation error rather than writing a stale sum.) One
-- lock per institution, taken before any summary row, also means two
-- writers never wait for each other's summary rows in opposite orders.
-- Archiving or restoring a programme takes its rows out of, or puts them
-- back into, the institution's sum under the same lock; changing the
-- institution's first month recomputes all its programmes. A test compares
-- every summary with the figures counted from scratch after a mixed series
-- of writes, some of them at once.
CREATE TABLE programme_figures (
    institution_id         bigint NOT NULL,
    programme_id           bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    year                   integer NOT NULL,
    facet                  text NOT NULL,
    value                  text NOT NULL,
    activities             integer NOT NULL DEFAULT 0,
    in_timetabled_hours    integer NOT NULL DEFAULT 0,
    online_option          integer NOT NULL DEFAULT 0,
    free_to_students       integer NOT NULL DEFAULT 0,
    accessible             integer NOT NULL DEFAULT 0,
    suits_commuters_carers integer NOT NULL DEFAULT 0,
    alcohol_free           integer NOT NULL DEFAULT 0,
    dietary_needs_met      integer NOT NULL DEFAULT 0,
    -- evidence rows
    finished               integer NOT NULL DEFAULT 0,
    with_outcomes          integer NOT NULL DEFAULT 0,
    finished_no_outcome    integer NOT NULL DEFAULT 0,
    with_attendance        integer NOT NULL DEFAULT 0,
    theory_of_change       integer NOT NULL DEFAULT 0,
    -- reach rows
    outcomes               integer NOT NULL DEFAULT 0,
    attended               bigint NOT NULL DEFAULT 0,
    invited                bigint NOT NULL DEFAULT 0,
    -- the headline of the 'all' row
    curricular             integer NOT NULL DEFAULT 0,
    co_created             integer NOT NULL DEFAULT 0,
    cells                  integer NOT NULL DEFAULT 0,
    no_evidence            integer NOT NULL DEFAULT 0,
    type1                  integer NOT NULL DEFAULT 0,
    type2                  integer NOT NULL DEFAULT 0,
    type3                  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (programme_id, year, facet, value)
);

-- The programme table of a roll-up reads each programme's totals of a
-- year.
CREATE INDEX programme_figures_totals_idx ON programme_figures (year, facet, programme_id) WHERE value = '';

CREATE TABLE institution_figures (
    LIKE programme_figures INCLUDING DEFAULTS,
    programmes integer NOT NULL DEFAULT 0,
    PRIMARY KEY (institution_id, year, facet, value)
);
ALTER TABLE institution_figures DROP COLUMN programme_id;

-- The rows of the given programmes, counted from their activities,
-- outcomes and evidence.
CREATE FUNCTION count_programme_figures(ids bigint[])
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

-- Adds sign times the given rows to their institutions' rows.
CREATE FUNCTION add_to_institution_figures(rows programme_figures[], sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO institution_figures AS t (institution_id, year, facet, value, activities, in_timetabled_hours, online_option,
        free_to_students, accessible, suits_commuters_carers, alcohol_free, dietary_needs_met, finished, with_outcomes,
        finished_no_outcome, with_attendance, theory_of_change, outcomes, attended, invited, curricular, co_created, cells,
        no_evidence, type1, type2, type3, programmes)
    SELECT r.institution_id, r.year, r.facet, r.value, sign * sum(r.activities), sign * sum(r.in_timetabled_hours),
           sign * sum(r.online_option), sign * sum(r.free_to_students), sign * sum(r.accessible),
           sign * sum(r.suits_commuters_carers), sign * sum(r.alcohol_free), sign * sum(r.dietary_needs_met),
           sign * sum(r.finished), sign * sum(r.with_outcomes), sign * sum(r.finished_no_outcome),
           sign * sum(r.with_attendance), sign * sum(r.theory_of_change), sign * sum(r.outcomes), sign * sum(r.attended),
           sign * sum(r.invited), sign * sum(r.curricular), sign * sum(r.co_created), sign * sum(r.cells),
           sign * sum(r.no_evidence), sign * sum(r.type1), sign * sum(r.type2), sign * sum(r.type3),
           sign * count(*) FILTER (WHERE r.activities > 0)
    FROM unnest(rows) AS r
    GROUP BY r.institution_id, r.year, r.facet, r.value
    ORDER BY r.institution_id, r.year, r.facet, r.value
    ON CONFLICT (institution_id, year, facet, value) DO UPDATE SET
        activities = t.activities + EXCLUDED.activities,
        in_timetabled_hours = t.in_timetabled_hours + EXCLUDED.in_timetabled_hours,
        online_option = t.online_option + EXCLUDED.online_option,
        free_to_students = t.free_to_students + EXCLUDED.free_to_students,
        accessible = t.accessible + EXCLUDED.accessible,
        suits_commuters_carers = t.suits_commuters_carers + EXCLUDED.suits_commuters_carers,
        alcohol_free = t.alcohol_free + EXCLUDED.alcohol_free,
        dietary_needs_met = t.dietary_needs_met + EXCLUDED.dietary_needs_met,
        finished = t.finished + EXCLUDED.finished,
        with_outcomes = t.with_outcomes + EXCLUDED.with_outcomes,
        finished_no_outcome = t.finished_no_outcome + EXCLUDED.finished_no_outcome,
        with_attendance = t.with_attendance + EXCLUDED.with_attendance,
        theory_of_change = t.theory_of_change + EXCLUDED.theory_of_change,
        outcomes = t.outcomes + EXCLUDED.outcomes,
        attended = t.attended + EXCLUDED.attended,
        invited = t.invited + EXCLUDED.invited,
        curricular = t.curricular + EXCLUDED.curricular,
        co_created = t.co_created + EXCLUDED.co_created,
        cells = t.cells + EXCLUDED.cells,
        no_evidence = t.no_evidence + EXCLUDED.no_evidence,
        type1 = t.type1 + EXCLUDED.type1,
        type2 = t.type2 + EXCLUDED.type2,
        type3 = t.type3 + EXCLUDED.type3,
        programmes = t.programmes + EXCLUDED.programmes
$$;

-- Recomputes the rows of the given programmes, writes those that changed,
-- and moves their institutions' rows by the difference (for programmes
-- not archived). A write that leaves a count as it was writes nothing.
CREATE FUNCTION refresh_programme_figures(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    fresh programme_figures[];
    stale programme_figures[];
    gone programme_figures[];
    made programme_figures[];
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- One writer at a time per institution; what follows is read after
    -- the lock, in statements of their own.
    PERFORM 1 FROM institutions i WHERE i.id IN (SELECT p.institution_id FROM programmes p WHERE p.id = ANY (ids))
    ORDER BY i.id FOR NO KEY UPDATE;
    fresh := ARRAY(SELECT c FROM count_programme_figures(ids) c);
    stale := ARRAY(SELECT f FROM programme_figures f WHERE f.programme_id = ANY (ids));
    gone := ARRAY(SELECT o FROM unnest(stale) o EXCEPT ALL SELECT n FROM unnest(fresh) n);
    made := ARRAY(SELECT n FROM unnest(fresh) n EXCEPT ALL SELECT o FROM unnest(stale) o);
    IF cardinality(gone) = 0 AND cardinality(made) = 0 THEN
        RETURN;
    END IF;
    DELETE FROM programme_figures f USING unnest(gone) g
    WHERE f.programme_id = g.programme_id AND f.year = g.year AND f.facet = g.facet AND f.value = g.value;
    INSERT INTO programme_figures SELECT * FROM unnest(made);
    PERFORM add_to_institution_figures(ARRAY(
        SELECT g FROM unnest(gone) g JOIN programmes p ON p.id = g.programme_id WHERE p.archived_at IS NULL), -1);
    PERFORM add_to_institution_figures(ARRAY(
        SELECT m FROM unnest(made) m JOIN programmes p ON p.id = m.programme_id WHERE p.archived_at IS NULL), 1);
END $$;

-- Rebuilds every summary from scratch (after a bulk load that skipped the
-- triggers), a hundred programmes at a time.
CREATE FUNCTION rebuild_report_figures() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    LOCK TABLE programme_figures, institution_figures IN EXCLUSIVE MODE;
    DELETE FROM programme_figures;
    DELETE FROM institution_figures;
    FOR ids IN SELECT array_agg(id) FROM (SELECT id, (row_number() OVER (ORDER BY institution_id, id) - 1) / 100 AS chunk FROM programmes) p
               GROUP BY chunk ORDER BY chunk LOOP
        PERFORM refresh_programme_figures(ids);
    END LOOP;
END $$;

-- The triggers: a statement that writes activities, outcomes or evidence
-- refreshes the programmes of the rows it wrote, once at its end.
CREATE FUNCTION refresh_figures_of_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_programme_figures(ARRAY(SELECT DISTINCT programme_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM refresh_programme_figures(ARRAY(SELECT programme_id FROM new_rows UNION SELECT programme_id FROM old_rows));
    ELSE
        PERFORM refresh_programme_figures(ARRAY(SELECT DISTINCT programme_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;

-- Outcomes and evidence name their activity; an activity deleted with them
-- refreshes its programme through its own trigger.
CREATE FUNCTION refresh_figures_of_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_programme_figures(ARRAY(
            SELECT DISTINCT a.programme_id FROM activities a WHERE a.id IN (SELECT activity_id FROM new_rows)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM refresh_programme_figures(ARRAY(
            SELECT DISTINCT a.programme_id FROM activities a
            WHERE a.id IN (SELECT activity_id FROM new_rows UNION SELECT activity_id FROM old_rows)));
    ELSE
        PERFORM refresh_programme_figures(ARRAY(
            SELECT DISTINCT a.programme_id FROM activities a WHERE a.id IN (SELECT activity_id FROM old_rows)));
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
    fn text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activities', 'outcomes', 'evidence'] LOOP
        fn := CASE WHEN t = 'activities' THEN 'refresh_figures_of_activities' ELSE 'refresh_figures_of_records' END;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_figures_insert', t, fn);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_figures_update', t, fn);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_figures_delete', t, fn);
    END LOOP;
END $$;

-- Archiving a programme takes its rows out of its institution's sum;
-- restoring it puts them back.
CREATE FUNCTION move_figures_of_programme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL) THEN
        PERFORM 1 FROM institutions i WHERE i.id = NEW.institution_id FOR NO KEY UPDATE;
        PERFORM add_to_institution_figures(ARRAY(SELECT f FROM programme_figures f WHERE f.programme_id = NEW.id),
                                           CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER programmes_figures AFTER UPDATE OF archived_at ON programmes
    FOR EACH ROW EXECUTE FUNCTION move_figures_of_programme();

-- A new first month of the year moves outcomes between academic years.
CREATE FUNCTION refresh_figures_of_institution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.year_start_month <> OLD.year_start_month THEN
        PERFORM refresh_programme_figures(ARRAY(SELECT id FROM programmes WHERE institution_id = NEW.id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER institutions_figures AFTER UPDATE OF year_start_month ON institutions
    FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_institution();

SELECT rebuild_report_figures();
