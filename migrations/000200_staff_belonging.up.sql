-- Staff belonging: the same surveys, anonymity and threshold as students'
-- pulse, answered by a programme team about itself. An instrument is for
-- students or for staff, and a survey carries its instrument's audience
-- (the foreign key keeps the two equal), so every student figure can leave
-- staff surveys out with one cheap condition on surveys.
ALTER TABLE survey_instruments
    ADD COLUMN audience text NOT NULL DEFAULT 'students' CHECK (audience IN ('students', 'staff')),
    ADD CONSTRAINT survey_instruments_id_audience_key UNIQUE (id, audience);

ALTER TABLE surveys
    ADD COLUMN audience text NOT NULL DEFAULT 'students',
    ADD CONSTRAINT surveys_instrument_audience_fkey FOREIGN KEY (instrument_id, audience)
        REFERENCES survey_instruments (id, audience),
    -- A staff survey is of a whole programme team, once: never an
    -- activity's, never half of a before-and-after pair, never a students'
    -- welcome-week baseline.
    ADD CONSTRAINT surveys_staff_whole_team CHECK (
        audience = 'students' OR (activity_id IS NULL AND phase = 'single' AND baseline_year IS NULL));

CREATE INDEX surveys_staff_idx ON surveys (programme_id, closes_at) WHERE audience = 'staff';

-- The built-in staff belonging questionnaire, written for this product.
-- Its statements have no student dimension of belonging.
WITH staff AS (
    INSERT INTO survey_instruments (institution_id, name, description, free_text_prompt, audience)
    VALUES (NULL, 'Staff belonging',
            'Eight short statements for a programme team about belonging at work, each answered from strongly disagree to strongly agree. Takes about two minutes.',
            'Is there anything that would help you feel more part of this team? (optional)', 'staff')
    RETURNING id
)
INSERT INTO survey_statements (instrument_id, position, body)
SELECT staff.id, s.position, s.body
FROM staff, (VALUES
    (1, 'I feel part of the team that teaches this programme.'),
    (2, 'Colleagues on the team value what I bring to it.'),
    (3, 'I can raise an idea or a worry with the team and be heard.'),
    (4, 'I feel connected with the students I teach and support.'),
    (5, 'The people who lead the programme support my work with students.'),
    (6, 'I have the time I need to help students feel they belong.'),
    (7, 'People like me are welcome and respected in this team.'),
    (8, 'I would tell a colleague this team is a good one to join.')
) AS s (position, body);
