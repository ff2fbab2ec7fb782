-- The library's version: raised by every statement that changes the
-- published case studies, so that what the app works out from them (the
-- similar case studies shown on each case study's page) can be kept and
-- used again until the library changes. One row; a statement-level
-- trigger, so a publication's write costs one more row update and a
-- bulk change costs the same.
CREATE TABLE library_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL
);
INSERT INTO library_version (version) VALUES (1);

CREATE FUNCTION raise_library_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE library_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_study_publications_library_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_study_publications
    FOR EACH STATEMENT EXECUTE FUNCTION raise_library_version();
