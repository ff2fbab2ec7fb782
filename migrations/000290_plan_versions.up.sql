-- Each programme's plan version: raised in the same transaction as every
-- change to what its plan page shows or its export writes from the
-- database (its activities, their sessions, their student partners, their
-- modules' codes, their leads' names and addresses, their evaluation
-- codes), so that the page's drawn figures, coverage map and list, and
-- the export, can be kept and used again until the plan changes. A
-- programme with no row is at version 0.
--
-- The triggers are statement-level with transition tables, so a bulk
-- write (an import, a copy of a year, the seed) raises each programme it
-- touches once. Programmes are raised in id order, so two writers
-- touching the same programmes take their rows' locks in the same order.
CREATE TABLE plan_versions (
    programme_id bigint PRIMARY KEY,
    version      bigint NOT NULL
);

CREATE FUNCTION raise_plan_versions(programme_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO plan_versions AS v (programme_id, version)
    SELECT p.id, 1 FROM programmes p WHERE p.id = ANY (programme_ids)
    ORDER BY p.id
    ON CONFLICT (programme_id) DO UPDATE SET version = v.version + 1;
$$;

-- Activities carry their programme.
CREATE FUNCTION activities_raise_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT programme_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT programme_id FROM old_rows));
    ELSE
        PERFORM raise_plan_versions(ARRAY(SELECT programme_id FROM new_rows UNION SELECT programme_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

-- Sessions, partners' memberships and the codes activities carry name an
-- activity; a row whose activity is gone (deleted with it) was counted by
-- the activity's own trigger.
CREATE FUNCTION activity_rows_raise_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activities a WHERE a.id IN (SELECT activity_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activities a WHERE a.id IN (SELECT activity_id FROM old_rows)));
    ELSE
        PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activities a
            WHERE a.id IN (SELECT activity_id FROM new_rows UNION SELECT activity_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

-- A module's code is shown on its activities.
CREATE FUNCTION modules_raise_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activities a
        WHERE a.module_id IN (SELECT id FROM new_rows UNION SELECT id FROM old_rows)));
    RETURN NULL;
END
$$;

-- A code's words are written on the activities that carry it; removing a
-- code removes what they carry, which raises through activity_codes.
CREATE FUNCTION evaluation_codes_raise_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activity_codes ac JOIN activities a ON a.id = ac.activity_id
        WHERE ac.code_id IN (SELECT id FROM new_rows)));
    RETURN NULL;
END
$$;

-- A lead's name is shown on the activities they lead, and their address
-- exported. Row-level, and only when either changes: people's rows change
-- at every sign-in.
CREATE FUNCTION users_raise_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM raise_plan_versions(ARRAY(SELECT DISTINCT a.programme_id FROM activities a WHERE a.lead_id = NEW.id));
    RETURN NULL;
END
$$;

-- Emptying a table changes every plan.
CREATE FUNCTION truncate_raises_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plan_versions SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER activities_plan_versions_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_plan_versions();
CREATE TRIGGER activities_plan_versions_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_plan_versions();
CREATE TRIGGER activities_plan_versions_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_raise_plan_versions();
CREATE TRIGGER activities_plan_versions_truncate AFTER TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_plan_versions();

CREATE TRIGGER activity_sessions_plan_versions_insert AFTER INSERT ON activity_sessions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_sessions_plan_versions_update AFTER UPDATE ON activity_sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_sessions_plan_versions_delete AFTER DELETE ON activity_sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_sessions_plan_versions_truncate AFTER TRUNCATE ON activity_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_plan_versions();

CREATE TRIGGER memberships_plan_versions_insert AFTER INSERT ON memberships
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER memberships_plan_versions_update AFTER UPDATE ON memberships
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER memberships_plan_versions_delete AFTER DELETE ON memberships
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER memberships_plan_versions_truncate AFTER TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_plan_versions();

CREATE TRIGGER modules_plan_versions_update AFTER UPDATE ON modules
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION modules_raise_plan_versions();

CREATE TRIGGER activity_codes_plan_versions_insert AFTER INSERT ON activity_codes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_codes_plan_versions_update AFTER UPDATE ON activity_codes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_codes_plan_versions_delete AFTER DELETE ON activity_codes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rows_raise_plan_versions();
CREATE TRIGGER activity_codes_plan_versions_truncate AFTER TRUNCATE ON activity_codes
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_raises_plan_versions();

CREATE TRIGGER evaluation_codes_plan_versions_update AFTER UPDATE ON evaluation_codes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_codes_raise_plan_versions();

CREATE TRIGGER users_plan_versions_name AFTER UPDATE OF name, email ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION users_raise_plan_versions();
