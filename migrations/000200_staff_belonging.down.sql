DELETE FROM survey_responses r USING surveys s WHERE s.id = r.survey_id AND s.audience = 'staff';
DELETE FROM surveys WHERE audience = 'staff';
DELETE FROM survey_instruments WHERE audience = 'staff';
DROP INDEX surveys_staff_idx;
ALTER TABLE surveys DROP CONSTRAINT surveys_staff_whole_team,
    DROP CONSTRAINT surveys_instrument_audience_fkey,
    DROP COLUMN audience;
ALTER TABLE survey_instruments DROP CONSTRAINT survey_instruments_id_audience_key,
    DROP COLUMN audience;
