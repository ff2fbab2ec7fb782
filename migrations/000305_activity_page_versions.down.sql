DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activity_sessions', 'activity_team', 'toc_entries', 'toc_links', 'outcomes', 'evidence',
                              'case_studies', 'activity_codes', 'memberships', 'case_study_publications'] LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_activity_page_insert', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_activity_page_update', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_activity_page_delete', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_activity_page_truncate', t);
    END LOOP;
END
$$;
DROP TRIGGER evaluation_codes_activity_page_update ON evaluation_codes;
DROP TRIGGER users_activity_page_name ON users;
DROP FUNCTION truncate_raises_page_versions();
DROP FUNCTION users_raise_page_versions();
DROP FUNCTION evaluation_codes_raise_page_versions();
DROP FUNCTION publications_raise_page_versions();
DROP FUNCTION activity_rows_raise_page_versions();
DROP FUNCTION raise_activity_page_versions(text, bigint[]);
DROP TABLE activity_page_versions;
