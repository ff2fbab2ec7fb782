ALTER TABLE institutions
    DROP COLUMN outcome_retention_years,
    DROP COLUMN evidence_file_retention_years;
DROP TABLE institution_notices;
