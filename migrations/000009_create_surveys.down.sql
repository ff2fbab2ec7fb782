DROP INDEX evidence_survey_key;
ALTER TABLE evidence DROP CONSTRAINT evidence_survey_id_fkey;
DROP TABLE survey_submissions;
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE surveys;
DROP TABLE survey_statements;
DROP TABLE survey_instruments;
