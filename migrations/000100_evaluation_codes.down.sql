DROP TRIGGER institutions_evaluation_codes ON institutions;
DROP FUNCTION evaluation_codes_for_new_institution();
DROP TABLE activity_codes;
DROP TABLE evaluation_codes;
DROP TABLE evaluation_code_defaults;
