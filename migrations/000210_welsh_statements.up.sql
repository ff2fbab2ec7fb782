-- Welsh wording beside the English for what students read on a survey:
-- each statement and the free-text question. Empty means the instrument
-- has no Welsh wording and students reading in Welsh see the English.
ALTER TABLE survey_statements
    ADD COLUMN body_cy text NOT NULL DEFAULT '' CHECK (length(body_cy) <= 300);
ALTER TABLE survey_instruments
    ADD COLUMN free_text_prompt_cy text NOT NULL DEFAULT '' CHECK (length(free_text_prompt_cy) <= 300);

-- The built-in belonging pulse in Welsh (written for this product; an
-- institution's translators may review it).
UPDATE survey_instruments
SET free_text_prompt_cy = 'A oes unrhyw beth a fyddai''n eich helpu i deimlo''n fwy cartrefol ar eich cwrs? (dewisol)'
WHERE institution_id IS NULL AND name = 'Belonging pulse' AND version = 1;

UPDATE survey_statements st
SET body_cy = w.body_cy
FROM survey_instruments i, (VALUES
    (1, 'Mae pobl ar fy nghwrs y gallwn droi atyn nhw pe bai angen help arnaf.'),
    (2, 'Rwy''n teimlo''n gyfforddus yn mynd at y staff sy''n fy addysgu.'),
    (3, 'Rwy''n hyderus y gallaf lwyddo ar fy nghwrs.'),
    (4, 'Mae croeso i bobl fel fi ar fy nghwrs, ac maen nhw''n cael eu parchu.'),
    (5, 'Byddai staff a myfyrwyr eraill yn sylwi pe na bawn i yno.'),
    (6, 'Y rhan fwyaf o wythnosau, rwy''n teimlo''n ddigon da ynof fy hun i gael y gorau o''m hastudiaethau.'),
    (7, 'Pan fyddaf yn codi llais am fy nghwrs, mae pobl yn gwrando arnaf.'),
    (8, 'Rwy''n teimlo''n rhan o gymuned o staff a myfyrwyr.')
) AS w (position, body_cy)
WHERE st.instrument_id = i.id AND i.institution_id IS NULL AND i.name = 'Belonging pulse' AND i.version = 1
  AND st.position = w.position;
