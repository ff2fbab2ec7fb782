-- An institution's default language: the language its pages, its
-- students' survey and check-in pages, and its staff's emails use for a
-- reader who has not chosen one (see README, "Welsh and English").
ALTER TABLE institutions ADD COLUMN default_language text NOT NULL DEFAULT 'en'
    CHECK (default_language IN ('en', 'cy'));

-- The signed-in person's cached record carries the language, so changing
-- it raises the institution's counter like its name does (migration 30).
DROP TRIGGER institutions_access_version ON institutions;
CREATE TRIGGER institutions_access_version BEFORE UPDATE OF name, year_start_month, default_language
    ON institutions FOR EACH ROW EXECUTE FUNCTION raise_own_access_version();
