-- Pulse survey results for department, institution and network reports,
-- added up per month instead of read survey by survey: the largest
-- institution's five years hold over ten thousand surveys.
--
-- A report shows a survey only with at least the threshold of responses
-- (SURVEY_MIN_GROUP), and its answers under one dimension only where they
-- reach the threshold on their own. The sums below apply the threshold
-- kept in report_settings; the app keeps it equal to its setting, and a
-- report reads the sums only while it is (otherwise it counts survey by
-- survey, as before).
--
-- programme_pulse holds, for each programme, month (that of each survey's
-- last day, UK time, so that a report can place months in academic years
-- starting in any month) and dimension ('' for every statement), the sums
-- of its tallied surveys that count: how many surveys, their responses,
-- the answers counted, those agreeing and the sum of scores, and how many
-- surveys asked about the dimension. institution_pulse adds them up over
-- the institution's programmes that are not archived.
--
-- How they stay right: a tallied survey's answers and dates never change.
-- Every statement that changes surveys (the upkeep tallying them, deleting
-- their responses after the retention period, or deleting a survey)
-- recomputes the programmes it touched, under the institution's lock,
-- exactly as the figures of migration 31 do, and so does archiving or
-- restoring a programme; changing the threshold recomputes everything.
-- Surveys closed since the last tally are counted from their answers when
-- a report is read. A test compares the sums with those counted survey by
-- survey after a mixed series of writes.
CREATE TABLE report_settings (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    min_group integer NOT NULL DEFAULT 10 CHECK (min_group >= 1)
);
INSERT INTO report_settings DEFAULT VALUES;

CREATE TABLE programme_pulse (
    institution_id bigint NOT NULL,
    programme_id   bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    month          date NOT NULL,
    dimension      text NOT NULL,
    surveys        integer NOT NULL DEFAULT 0,
    responses      integer NOT NULL DEFAULT 0,
    answered       integer NOT NULL DEFAULT 0,
    agree          integer NOT NULL DEFAULT 0,
    score_sum      bigint NOT NULL DEFAULT 0,
    asked          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (programme_id, month, dimension)
);

-- Reports count the surveys closed since the last tally survey by survey.
CREATE INDEX surveys_untallied_idx ON surveys (institution_id, closes_at) WHERE tallied_responses IS NULL;

CREATE TABLE institution_pulse (
    LIKE programme_pulse INCLUDING DEFAULTS,
    PRIMARY KEY (institution_id, month, dimension)
);
ALTER TABLE institution_pulse DROP COLUMN programme_id;

-- The sums of the given programmes' tallied surveys that count, with
-- threshold min_group.
CREATE FUNCTION count_programme_pulse(ids bigint[], min_group integer)
RETURNS SETOF programme_pulse LANGUAGE sql STABLE AS $$
    WITH counted AS (
        SELECT v.id, v.institution_id, v.programme_id, v.tallied_responses AS responses,
               date_trunc('month', (v.closes_at AT TIME ZONE 'Europe/London') - interval '1 second')::date AS month
        FROM surveys v
        WHERE v.programme_id = ANY (ids) AND v.tallied_responses >= min_group AND v.responses_deleted_on IS NULL
    ),
    per AS (
        SELECT t.survey_id, GROUPING(st.dimension) = 1 AS overall, coalesce(st.dimension, '') AS dimension,
               sum(t.answered) AS answered, sum(t.agree) AS agree, sum(t.score_sum) AS score_sum
        FROM counted c
        JOIN survey_tallies t ON t.survey_id = c.id
        JOIN survey_statements st ON st.id = t.statement_id
        GROUP BY t.survey_id, GROUPING SETS ((st.dimension), ())
    )
    SELECT c.institution_id, c.programme_id, c.month, p.dimension,
           count(*) FILTER (WHERE p.overall)::int,
           coalesce(sum(c.responses) FILTER (WHERE p.overall), 0)::int,
           coalesce(sum(p.answered) FILTER (WHERE p.overall OR p.answered >= min_group), 0)::int,
           coalesce(sum(p.agree) FILTER (WHERE p.overall OR p.answered >= min_group), 0)::int,
           coalesce(sum(p.score_sum) FILTER (WHERE p.overall OR p.answered >= min_group), 0)::bigint,
           count(*) FILTER (WHERE NOT p.overall)::int
    FROM per p JOIN counted c ON c.id = p.survey_id
    WHERE p.overall OR p.dimension <> ''
    GROUP BY c.institution_id, c.programme_id, c.month, p.dimension
$$;

-- Adds sign times the given rows to their institutions' rows.
CREATE FUNCTION add_to_institution_pulse(rows programme_pulse[], sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO institution_pulse AS t (institution_id, month, dimension, surveys, responses, answered, agree, score_sum, asked)
    SELECT r.institution_id, r.month, r.dimension, sign * sum(r.surveys), sign * sum(r.responses), sign * sum(r.answered),
           sign * sum(r.agree), sign * sum(r.score_sum), sign * sum(r.asked)
    FROM unnest(rows) AS r
    GROUP BY r.institution_id, r.month, r.dimension
    ORDER BY r.institution_id, r.month, r.dimension
    ON CONFLICT (institution_id, month, dimension) DO UPDATE SET
        surveys = t.surveys + EXCLUDED.surveys,
        responses = t.responses + EXCLUDED.responses,
        answered = t.answered + EXCLUDED.answered,
        agree = t.agree + EXCLUDED.agree,
        score_sum = t.score_sum + EXCLUDED.score_sum,
        asked = t.asked + EXCLUDED.asked
$$;

-- Recomputes the given programmes' rows, as refresh_programme_figures
-- does theirs.
CREATE FUNCTION refresh_programme_pulse(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    fresh programme_pulse[];
    stale programme_pulse[];
    gone programme_pulse[];
    made programme_pulse[];
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM institutions i WHERE i.id IN (SELECT p.institution_id FROM programmes p WHERE p.id = ANY (ids))
    ORDER BY i.id FOR NO KEY UPDATE;
    fresh := ARRAY(SELECT c FROM count_programme_pulse(ids, (SELECT min_group FROM report_settings)) c);
    stale := ARRAY(SELECT f FROM programme_pulse f WHERE f.programme_id = ANY (ids));
    gone := ARRAY(SELECT o FROM unnest(stale) o EXCEPT ALL SELECT n FROM unnest(fresh) n);
    made := ARRAY(SELECT n FROM unnest(fresh) n EXCEPT ALL SELECT o FROM unnest(stale) o);
    IF cardinality(gone) = 0 AND cardinality(made) = 0 THEN
        RETURN;
    END IF;
    DELETE FROM programme_pulse f USING unnest(gone) g
    WHERE f.programme_id = g.programme_id AND f.month = g.month AND f.dimension = g.dimension;
    INSERT INTO programme_pulse SELECT * FROM unnest(made);
    PERFORM add_to_institution_pulse(ARRAY(
        SELECT g FROM unnest(gone) g JOIN programmes p ON p.id = g.programme_id WHERE p.archived_at IS NULL), -1);
    PERFORM add_to_institution_pulse(ARRAY(
        SELECT m FROM unnest(made) m JOIN programmes p ON p.id = m.programme_id WHERE p.archived_at IS NULL), 1);
END $$;

-- Recomputes every programme's sums, a hundred programmes at a time.
CREATE FUNCTION rebuild_report_pulse() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    LOCK TABLE programme_pulse, institution_pulse IN EXCLUSIVE MODE;
    DELETE FROM programme_pulse;
    DELETE FROM institution_pulse;
    FOR ids IN SELECT array_agg(id) FROM (SELECT id, (row_number() OVER (ORDER BY institution_id, id) - 1) / 100 AS chunk FROM programmes) p
               GROUP BY chunk ORDER BY chunk LOOP
        PERFORM refresh_programme_pulse(ids);
    END LOOP;
END $$;

CREATE FUNCTION refresh_pulse_of_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM refresh_programme_pulse(ARRAY(
            SELECT unnest(ARRAY[n.programme_id, o.programme_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.tallied_responses IS DISTINCT FROM o.tallied_responses
               OR n.responses_deleted_on IS DISTINCT FROM o.responses_deleted_on
               OR n.closes_at <> o.closes_at OR n.programme_id <> o.programme_id));
    ELSE
        PERFORM refresh_programme_pulse(ARRAY(SELECT DISTINCT programme_id FROM old_rows WHERE tallied_responses IS NOT NULL));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER surveys_pulse_update AFTER UPDATE ON surveys REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_pulse_of_surveys();
CREATE TRIGGER surveys_pulse_delete AFTER DELETE ON surveys REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_pulse_of_surveys();

-- Archiving a programme takes its sums out of its institution's;
-- restoring it puts them back.
CREATE FUNCTION move_pulse_of_programme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL) THEN
        PERFORM 1 FROM institutions i WHERE i.id = NEW.institution_id FOR NO KEY UPDATE;
        PERFORM add_to_institution_pulse(ARRAY(SELECT f FROM programme_pulse f WHERE f.programme_id = NEW.id),
                                         CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER programmes_pulse AFTER UPDATE OF archived_at ON programmes
    FOR EACH ROW EXECUTE FUNCTION move_pulse_of_programme();

CREATE FUNCTION rebuild_pulse_of_threshold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.min_group <> OLD.min_group THEN
        PERFORM rebuild_report_pulse();
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_settings_pulse AFTER UPDATE OF min_group ON report_settings
    FOR EACH ROW EXECUTE FUNCTION rebuild_pulse_of_threshold();

SELECT rebuild_report_pulse();
