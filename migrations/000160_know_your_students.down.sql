DROP INDEX surveys_baseline_key;
ALTER TABLE surveys DROP CONSTRAINT surveys_baseline_of_programme;
ALTER TABLE surveys DROP COLUMN baseline_year;
DROP TABLE belonging_notes;
DROP TABLE cohort_profiles;
