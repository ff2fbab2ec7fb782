-- What an activity's page reads of its own rows (its sessions, team,
-- theory of change, outcomes, evidence, case studies and their
-- publication, codes and student partners), kept by the app and used
-- again until it changes. Two kinds of version: one per programme, raised
-- in the same transaction as every write to those rows of its activities,
-- and one per institution, raised when one of its people is renamed or
-- given a new address (the page shows their names). An activity's page
-- is at the sum of its programme's and its institution's versions; a key
-- with no row is at version 0. The app keeps an activity's reads with its
-- programme, so that a sum over another programme's version never stands
-- for it.
--
-- Statement-level triggers with transition tables (a bulk write raises
-- each programme once), named to fire before the other triggers on the
-- same tables, so that a writer takes its programme's row here first, and
-- two writers in one programme queue on it before either takes another
-- lock.
CREATE TABLE activity_page_versions (
    kind    text NOT NULL CHECK (kind IN ('programme', 'institution')),
    id      bigint NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE FUNCTION raise_activity_page_versions(kind text, ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO activity_page_versions AS v (kind, id, version)
    SELECT DISTINCT kind, k, 1::bigint FROM unnest(ids) k WHERE k IS NOT NULL
    ORDER BY 1, 2
    ON CONFLICT (kind, id) DO UPDATE SET version = v.version + 1;
$$;

-- The rows an activity's page reads name their activity; a row whose
-- activity is gone (deleted with it) raises nothing: its page is gone.
CREATE FUNCTION activity_rows_raise_page_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM activities a
            WHERE a.id IN (SELECT activity_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM activities a
            WHERE a.id IN (SELECT activity_id FROM old_rows)));
    ELSE
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM activities a
            WHERE a.id IN (SELECT activity_id FROM new_rows UNION SELECT activity_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

-- A publication names its case study, which names its activity.
CREATE FUNCTION publications_raise_page_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM case_studies c JOIN activities a ON a.id = c.activity_id
            WHERE c.id IN (SELECT case_study_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM case_studies c JOIN activities a ON a.id = c.activity_id
            WHERE c.id IN (SELECT case_study_id FROM old_rows)));
    ELSE
        PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM case_studies c JOIN activities a ON a.id = c.activity_id
            WHERE c.id IN (SELECT case_study_id FROM new_rows UNION SELECT case_study_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

-- A code's words are shown on the activities that carry it; a code
-- removed is removed from them through activity_codes.
CREATE FUNCTION evaluation_codes_raise_page_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_activity_page_versions('programme', ARRAY(SELECT a.programme_id FROM activity_codes ac JOIN activities a ON a.id = ac.activity_id
        WHERE ac.code_id IN (SELECT id FROM new_rows)));
    RETURN NULL;
END
$$;

-- A person's name and address are shown on their institution's activity
-- pages (team, partners, who recorded an outcome or added evidence).
-- Row-level, and only when either changes: people's rows change at every
-- sign-in.
CREATE FUNCTION users_raise_page_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_activity_page_versions('institution', ARRAY[OLD.institution_id, NEW.institution_id]);
    RETURN NULL;
END
$$;

-- Emptying a table changes every page.
CREATE FUNCTION truncate_raises_page_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activity_page_versions SET version = version + 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activity_sessions', 'activity_team', 'toc_entries', 'toc_links', 'outcomes', 'evidence',
                              'case_studies', 'activity_codes', 'memberships'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_page_versions()', t || '_activity_page_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_page_versions()', t || '_activity_page_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_page_versions()', t || '_activity_page_delete', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_page_versions()', t || '_activity_page_truncate', t);
    END LOOP;
END
$$;

CREATE TRIGGER case_study_publications_activity_page_insert AFTER INSERT ON case_study_publications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION publications_raise_page_versions();
CREATE TRIGGER case_study_publications_activity_page_update AFTER UPDATE ON case_study_publications
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION publications_raise_page_versions();
CREATE TRIGGER case_study_publications_activity_page_delete AFTER DELETE ON case_study_publications
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION publications_raise_page_versions();
CREATE TRIGGER case_study_publications_activity_page_truncate AFTER TRUNCATE ON case_study_publications
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_page_versions();

CREATE TRIGGER evaluation_codes_activity_page_update AFTER UPDATE ON evaluation_codes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_codes_raise_page_versions();

CREATE TRIGGER users_activity_page_name AFTER UPDATE OF name, email ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION users_raise_page_versions();
