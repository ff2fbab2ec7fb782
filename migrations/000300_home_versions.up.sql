-- What a person's home lists (the Home query: their activities' coming
-- and past sessions, outcomes still to record, ideas, case studies to
-- review, surveys closing, invitations open) is kept by the app and used
-- again until a write could change it. Every such write raises, in its own
-- transaction, the version of each key it touches:
--
--   programme    the programme of an activity, session, outcome, team
--                member or case study written, or a programme's code;
--   module       the module of an activity written (an activity moved
--                into a module shows on its leader's home);
--   person       the lead and the creator of an activity written, a team
--                member added or removed, the creator of a survey, the
--                sender of an invitation;
--   institution  a case study or a programme's code written (an admin
--                reviews the whole institution).
--
-- A home at a version is the sum of the versions of its keys (the
-- programmes of what it lists and those the person directs, the modules
-- they lead, the person, and their institution when they are an admin):
-- versions only rise and rows are never removed, so the sum rises with
-- any of them. A key with no row is at version 0.
--
-- The triggers are statement-level with transition tables, so a bulk
-- write raises each key it touches once (where only some columns matter,
-- row-level with a WHEN clause).
CREATE TABLE home_versions (
    kind    text NOT NULL CHECK (kind IN ('programme', 'module', 'person', 'institution')),
    id      bigint NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TYPE home_key AS (kind text, id bigint);

-- Keys are raised programmes first, then modules, people and
-- institutions, each in id order: nearly every write raises its
-- programme's, so two writers in the same programme queue on it before
-- either takes another key the other might hold.
CREATE FUNCTION raise_home_versions(keys home_key[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO home_versions AS v (kind, id, version)
    SELECT k.kind, k.id, 1::bigint
    FROM (SELECT DISTINCT kind, id FROM unnest(keys) WHERE id IS NOT NULL) k
    ORDER BY array_position(ARRAY['programme', 'module', 'person', 'institution'], k.kind), k.id
    ON CONFLICT (kind, id) DO UPDATE SET version = v.version + 1;
$$;

-- The version of a home, as the Home query and the check of a kept home
-- both read it.
CREATE FUNCTION home_version(institution_id bigint, user_id bigint, programme_ids bigint[], module_ids bigint[], is_admin boolean)
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(v.version), 0)::bigint FROM home_versions v
    WHERE (v.kind = 'programme' AND v.id = ANY (programme_ids))
       OR (v.kind = 'module' AND v.id = ANY (module_ids))
       OR (v.kind = 'person' AND v.id = user_id)
       OR (v.kind = 'institution' AND v.id = institution_id AND is_admin);
$$;

CREATE FUNCTION activities_raise_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys home_key[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        keys := ARRAY(SELECT (k.kind, k.id)::home_key FROM new_rows r, LATERAL (VALUES ('programme', r.programme_id), ('module', r.module_id),
            ('person', r.lead_id), ('person', r.created_by)) k(kind, id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        keys := keys || ARRAY(SELECT (k.kind, k.id)::home_key FROM old_rows r, LATERAL (VALUES ('programme', r.programme_id), ('module', r.module_id),
            ('person', r.lead_id), ('person', r.created_by)) k(kind, id));
    END IF;
    PERFORM raise_home_versions(keys);
    RETURN NULL;
END
$$;

-- Sessions and outcomes name an activity; one whose activity is gone
-- (deleted with it) was counted by the activity's own trigger.
CREATE FUNCTION activity_rows_raise_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    activity_ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        activity_ids := ARRAY(SELECT activity_id FROM new_rows);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        activity_ids := activity_ids || ARRAY(SELECT activity_id FROM old_rows);
    END IF;
    PERFORM raise_home_versions(ARRAY(SELECT ('programme', a.programme_id)::home_key FROM activities a WHERE a.id = ANY (activity_ids)));
    RETURN NULL;
END
$$;

-- A team member's home lists the activity's sessions.
CREATE FUNCTION activity_team_raise_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    members bigint[] := '{}';
    activity_ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        members := ARRAY(SELECT user_id FROM new_rows);
        activity_ids := ARRAY(SELECT activity_id FROM new_rows);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        members := members || ARRAY(SELECT user_id FROM old_rows);
        activity_ids := activity_ids || ARRAY(SELECT activity_id FROM old_rows);
    END IF;
    PERFORM raise_home_versions(ARRAY(SELECT ('person', m)::home_key FROM unnest(members) m)
        || ARRAY(SELECT ('programme', a.programme_id)::home_key FROM activities a WHERE a.id = ANY (activity_ids)));
    RETURN NULL;
END
$$;

CREATE FUNCTION case_studies_raise_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys home_key[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        keys := ARRAY(SELECT (k.kind, k.id)::home_key FROM new_rows r, LATERAL (VALUES ('programme', r.programme_id), ('institution', r.institution_id)) k(kind, id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        keys := keys || ARRAY(SELECT (k.kind, k.id)::home_key FROM old_rows r, LATERAL (VALUES ('programme', r.programme_id), ('institution', r.institution_id)) k(kind, id));
    END IF;
    PERFORM raise_home_versions(keys);
    RETURN NULL;
END
$$;

-- An outcome's other fields are not listed; row-level, and only when
-- what marks a session done changes.
CREATE FUNCTION outcome_raises_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_home_versions(ARRAY(SELECT ('programme', a.programme_id)::home_key FROM activities a
        WHERE a.id IN (OLD.activity_id, NEW.activity_id)));
    RETURN NULL;
END
$$;

-- A programme's code is shown on everything listed from it: row-level,
-- and only when the code changes (a programme's other fields are not
-- listed).
CREATE FUNCTION programme_raises_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_home_versions(ARRAY[('institution', NEW.institution_id)::home_key, ('programme', NEW.id)::home_key]);
    RETURN NULL;
END
$$;

-- Surveys and invitations are listed on the home of the person who set
-- them up or sent them: the trigger's argument names that column.
CREATE FUNCTION people_raise_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    people bigint[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('SELECT ARRAY(SELECT %I FROM new_rows)', TG_ARGV[0]) INTO people;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('SELECT $1 || ARRAY(SELECT %I FROM old_rows)', TG_ARGV[0]) INTO people USING people;
    END IF;
    PERFORM raise_home_versions(ARRAY(SELECT ('person', p)::home_key FROM unnest(people) p));
    RETURN NULL;
END
$$;

-- A survey's tallies change with every response; what its creator's home
-- lists of it does not. Row-level, and only when that changes.
CREATE FUNCTION survey_raises_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_home_versions(ARRAY[('person', OLD.created_by)::home_key, ('person', NEW.created_by)::home_key]);
    RETURN NULL;
END
$$;

-- Emptying a table changes every home.
CREATE FUNCTION truncate_raises_home_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE home_versions SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER activities_home_versions_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_home_versions();
CREATE TRIGGER activities_home_versions_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_home_versions();
CREATE TRIGGER activities_home_versions_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_home_versions();
CREATE TRIGGER activities_home_versions_truncate AFTER TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

CREATE TRIGGER activity_sessions_home_versions_insert AFTER INSERT ON activity_sessions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_home_versions();
CREATE TRIGGER activity_sessions_home_versions_update AFTER UPDATE ON activity_sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_home_versions();
CREATE TRIGGER activity_sessions_home_versions_delete AFTER DELETE ON activity_sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_home_versions();
CREATE TRIGGER activity_sessions_home_versions_truncate AFTER TRUNCATE ON activity_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

CREATE TRIGGER outcomes_home_versions_insert AFTER INSERT ON outcomes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_home_versions();
CREATE TRIGGER outcomes_home_versions_update AFTER UPDATE ON outcomes FOR EACH ROW
    WHEN ((OLD.activity_id, OLD.session_id, OLD.outcome_date) IS DISTINCT FROM (NEW.activity_id, NEW.session_id, NEW.outcome_date))
    EXECUTE FUNCTION outcome_raises_home_versions();
CREATE TRIGGER outcomes_home_versions_delete AFTER DELETE ON outcomes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_home_versions();
CREATE TRIGGER outcomes_home_versions_truncate AFTER TRUNCATE ON outcomes
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

CREATE TRIGGER activity_team_home_versions_insert AFTER INSERT ON activity_team
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_team_raise_home_versions();
CREATE TRIGGER activity_team_home_versions_update AFTER UPDATE ON activity_team
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_team_raise_home_versions();
CREATE TRIGGER activity_team_home_versions_delete AFTER DELETE ON activity_team
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_team_raise_home_versions();
CREATE TRIGGER activity_team_home_versions_truncate AFTER TRUNCATE ON activity_team
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

CREATE TRIGGER case_studies_home_versions_insert AFTER INSERT ON case_studies
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_studies_raise_home_versions();
CREATE TRIGGER case_studies_home_versions_update AFTER UPDATE ON case_studies
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_studies_raise_home_versions();
CREATE TRIGGER case_studies_home_versions_delete AFTER DELETE ON case_studies
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_studies_raise_home_versions();
CREATE TRIGGER case_studies_home_versions_truncate AFTER TRUNCATE ON case_studies
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

-- A new or deleted programme is on no home until something of it is
-- written.
CREATE TRIGGER programmes_home_versions_code AFTER UPDATE ON programmes FOR EACH ROW
    WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION programme_raises_home_versions();

CREATE TRIGGER surveys_home_versions_insert AFTER INSERT ON surveys
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_raise_home_versions('created_by');
CREATE TRIGGER surveys_home_versions_update AFTER UPDATE ON surveys FOR EACH ROW
    WHEN ((OLD.institution_id, OLD.title, OLD.opens_at, OLD.closes_at, OLD.responses_deleted_on, OLD.created_by)
          IS DISTINCT FROM (NEW.institution_id, NEW.title, NEW.opens_at, NEW.closes_at, NEW.responses_deleted_on, NEW.created_by))
    EXECUTE FUNCTION survey_raises_home_versions();
CREATE TRIGGER surveys_home_versions_delete AFTER DELETE ON surveys
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_raise_home_versions('created_by');
CREATE TRIGGER surveys_home_versions_truncate AFTER TRUNCATE ON surveys
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();

CREATE TRIGGER invitations_home_versions_insert AFTER INSERT ON invitations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_raise_home_versions('invited_by');
CREATE TRIGGER invitations_home_versions_update AFTER UPDATE ON invitations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_raise_home_versions('invited_by');
CREATE TRIGGER invitations_home_versions_delete AFTER DELETE ON invitations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_raise_home_versions('invited_by');
CREATE TRIGGER invitations_home_versions_truncate AFTER TRUNCATE ON invitations
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_home_versions();
