-- A signed-in request reads its session and checks its person in one
-- query. The session row names its person (written from the session's data
-- whenever the session is saved), and each app server keeps the people it
-- has loaded beside two counters that change whenever anything the
-- request needs about a person changes:
--   users.access_version        their name, email, institution, coordinator
--                               flag, disabled state, session epoch or any
--                               of their memberships;
--   institutions.access_version the institution's name or year, or its
--                               departments, programmes, modules and the
--                               links between them (the names of scopes
--                               and the programmes a department or module
--                               membership reaches).
-- A server whose copy carries other numbers than the database reloads it,
-- so a change is seen by the very next request on any server. Triggers
-- raise the counters in the transaction of the change, so no code path can
-- forget to.
ALTER TABLE sessions ADD COLUMN user_id bigint REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;

ALTER TABLE users ADD COLUMN access_version bigint NOT NULL DEFAULT 1;
ALTER TABLE institutions ADD COLUMN access_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION raise_own_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.access_version := OLD.access_version + 1;
    RETURN NEW;
END $$;

CREATE TRIGGER users_access_version BEFORE UPDATE OF email, name, institution_id, is_coordinator, disabled_at, session_epoch
    ON users FOR EACH ROW EXECUTE FUNCTION raise_own_access_version();
CREATE TRIGGER institutions_access_version BEFORE UPDATE OF name, year_start_month
    ON institutions FOR EACH ROW EXECUTE FUNCTION raise_own_access_version();

-- A membership added, changed or removed raises its person's counter.
CREATE FUNCTION raise_member_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE users SET access_version = access_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.user_id <> OLD.user_id) THEN
        UPDATE users SET access_version = access_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER memberships_access_version AFTER INSERT OR UPDATE OR DELETE
    ON memberships FOR EACH ROW EXECUTE FUNCTION raise_member_access_version();

-- A change to an institution's structure raises the institution's counter,
-- once per statement however many rows it touched (imports and copies
-- write many).
CREATE FUNCTION raise_structure_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE institutions SET access_version = access_version + 1
        WHERE id IN (SELECT DISTINCT institution_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE institutions SET access_version = access_version + 1
        WHERE id IN (SELECT institution_id FROM new_rows UNION SELECT institution_id FROM old_rows);
    ELSE
        UPDATE institutions SET access_version = access_version + 1
        WHERE id IN (SELECT DISTINCT institution_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'programmes', 'modules', 'programme_modules'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION raise_structure_access_version()', t || '_access_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION raise_structure_access_version()', t || '_access_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION raise_structure_access_version()', t || '_access_delete', t);
    END LOOP;
END $$;
