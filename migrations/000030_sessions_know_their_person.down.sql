DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'programmes', 'modules', 'programme_modules'] LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_access_insert', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_access_update', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_access_delete', t);
    END LOOP;
END $$;
DROP FUNCTION raise_structure_access_version();
DROP TRIGGER memberships_access_version ON memberships;
DROP FUNCTION raise_member_access_version();
DROP TRIGGER institutions_access_version ON institutions;
DROP TRIGGER users_access_version ON users;
DROP FUNCTION raise_own_access_version();
ALTER TABLE institutions DROP COLUMN access_version;
ALTER TABLE users DROP COLUMN access_version;
DROP INDEX sessions_user_idx;
ALTER TABLE sessions DROP COLUMN user_id;
