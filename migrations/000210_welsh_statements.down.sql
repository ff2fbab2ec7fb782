ALTER TABLE survey_instruments DROP COLUMN free_text_prompt_cy;
ALTER TABLE survey_statements DROP COLUMN body_cy;
