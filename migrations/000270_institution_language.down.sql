DROP TRIGGER institutions_access_version ON institutions;
CREATE TRIGGER institutions_access_version BEFORE UPDATE OF name, year_start_month
    ON institutions FOR EACH ROW EXECUTE FUNCTION raise_own_access_version();

ALTER TABLE institutions DROP COLUMN default_language;
