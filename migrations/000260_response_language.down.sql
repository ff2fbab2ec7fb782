ALTER TABLE survey_responses DROP COLUMN language;
