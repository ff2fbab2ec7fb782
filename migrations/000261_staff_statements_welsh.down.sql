UPDATE survey_statements st SET body_cy = ''
FROM survey_instruments i
WHERE st.instrument_id = i.id AND i.institution_id IS NULL AND i.audience = 'staff' AND i.name = 'Staff belonging' AND i.version = 1;
UPDATE survey_instruments SET free_text_prompt_cy = ''
WHERE institution_id IS NULL AND audience = 'staff' AND name = 'Staff belonging' AND version = 1;
