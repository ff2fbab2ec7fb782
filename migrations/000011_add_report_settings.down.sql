DROP TABLE survey_tallies;
ALTER TABLE surveys DROP COLUMN tallied_responses;
DROP STATISTICS surveys_programme_stats;
DROP STATISTICS activities_programme_stats;
DROP INDEX surveys_institution_closes_idx;
DROP INDEX outcomes_institution_date_idx;
DROP INDEX activities_institution_year_idx;
ALTER TABLE institutions DROP COLUMN share_network_figures;
