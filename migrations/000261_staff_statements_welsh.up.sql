-- The built-in staff belonging questionnaire in Welsh, as 000210 gave the
-- students' pulse (written for this product; an institution's translators
-- may review it).
UPDATE survey_instruments
SET free_text_prompt_cy = 'A oes unrhyw beth a fyddai''n eich helpu i deimlo''n fwy o ran o''r tîm hwn? (dewisol)'
WHERE institution_id IS NULL AND audience = 'staff' AND name = 'Staff belonging' AND version = 1;

UPDATE survey_statements st
SET body_cy = w.body_cy
FROM survey_instruments i, (VALUES
    (1, 'Rwy''n teimlo''n rhan o''r tîm sy''n addysgu''r rhaglen hon.'),
    (2, 'Mae cydweithwyr yn y tîm yn gwerthfawrogi''r hyn rwy''n ei gyfrannu iddo.'),
    (3, 'Gallaf godi syniad neu bryder gyda''r tîm a chael gwrandawiad.'),
    (4, 'Rwy''n teimlo cysylltiad â''r myfyrwyr rwy''n eu haddysgu a''u cefnogi.'),
    (5, 'Mae''r bobl sy''n arwain y rhaglen yn cefnogi fy ngwaith gyda myfyrwyr.'),
    (6, 'Mae gennyf yr amser sydd ei angen arnaf i helpu myfyrwyr i deimlo eu bod yn perthyn.'),
    (7, 'Mae croeso i bobl fel fi yn y tîm hwn, ac maen nhw''n cael eu parchu.'),
    (8, 'Byddwn yn dweud wrth gydweithiwr fod hwn yn dîm da i ymuno ag ef.')
) AS w (position, body_cy)
WHERE st.instrument_id = i.id AND i.institution_id IS NULL AND i.audience = 'staff' AND i.name = 'Staff belonging' AND i.version = 1
  AND st.position = w.position;
