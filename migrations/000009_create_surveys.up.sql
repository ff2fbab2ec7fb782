-- A questionnaire: the built-in belonging pulse (institution_id NULL,
-- available everywhere) or one an institution wrote. An instrument that
-- has responses is never edited: editing it makes a new version, which
-- replaces the old one (replaces_id), so results stay tied to the exact
-- wording students saw.
CREATE TABLE survey_instruments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id   bigint REFERENCES institutions (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    -- The optional free-text question; empty when the instrument has none.
    free_text_prompt text NOT NULL DEFAULT '' CHECK (length(free_text_prompt) <= 300),
    version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    replaces_id      bigint UNIQUE REFERENCES survey_instruments (id),
    created_by       bigint REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((version = 1) = (replaces_id IS NULL))
);
CREATE INDEX survey_instruments_institution_idx ON survey_instruments (institution_id);

-- The statements of an instrument, each answered on a five-point agreement
-- scale (1 strongly disagree … 5 strongly agree).
CREATE TABLE survey_statements (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instrument_id bigint NOT NULL REFERENCES survey_instruments (id) ON DELETE CASCADE,
    position      integer NOT NULL CHECK (position BETWEEN 1 AND 20),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 300),
    -- The belonging dimension the statement measures, if any.
    dimension     text CHECK (dimension IN ('peers', 'staff', 'confidence', 'inclusion', 'mattering', 'wellbeing', 'voice', 'community')),
    required      boolean NOT NULL DEFAULT true,
    UNIQUE (instrument_id, position)
);

-- A survey of a programme or of one activity. A post survey names its pre
-- survey (pre_id); the pair shares one instrument. token is the public
-- link's secret part; browser_salt salts the hashes that stop a browser
-- answering twice.
CREATE TABLE surveys (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id       bigint NOT NULL REFERENCES institutions (id),
    programme_id         bigint NOT NULL,
    activity_id          bigint,
    instrument_id        bigint NOT NULL REFERENCES survey_instruments (id),
    title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    phase                text NOT NULL DEFAULT 'single' CHECK (phase IN ('single', 'pre', 'post')),
    pre_id               bigint UNIQUE,
    token                text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{22,64}$'),
    browser_salt         bytea NOT NULL CHECK (length(browser_salt) = 16),
    opens_at             timestamptz NOT NULL,
    closes_at            timestamptz NOT NULL,
    -- Students invited, for the response rate.
    invited              integer CHECK (invited BETWEEN 1 AND 100000),
    -- Whether the survey asks the year of study (a results filter).
    ask_year             boolean NOT NULL DEFAULT false,
    -- Set when the retention job deleted the responses.
    responses_deleted_on date,
    created_by           bigint REFERENCES users (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (institution_id, pre_id) REFERENCES surveys (institution_id, id) ON DELETE CASCADE,
    CHECK ((phase = 'post') = (pre_id IS NOT NULL)),
    CHECK (closes_at > opens_at)
);
CREATE INDEX surveys_programme_idx ON surveys (programme_id);
CREATE INDEX surveys_activity_idx ON surveys (activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX surveys_closes_idx ON surveys (closes_at) WHERE responses_deleted_on IS NULL;

-- One student's anonymous answers. Deliberately absent: who, from where,
-- with what browser, and when. The id is random, so not even the order of
-- responses is kept.
CREATE TABLE survey_responses (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    institution_id bigint NOT NULL,
    survey_id      bigint NOT NULL,
    year_of_study  smallint CHECK (year_of_study BETWEEN 1 AND 8),
    comment        text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    FOREIGN KEY (institution_id, survey_id) REFERENCES surveys (institution_id, id) ON DELETE CASCADE
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id);

CREATE TABLE survey_answers (
    response_id  uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    statement_id bigint NOT NULL REFERENCES survey_statements (id),
    score        smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (response_id, statement_id)
);

-- Browsers that have answered a survey: a salted hash of the random value
-- in their cookie, with nothing that links it to the answers.
CREATE TABLE survey_submissions (
    survey_id    bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    browser_hash bytea NOT NULL CHECK (length(browser_hash) = 32),
    PRIMARY KEY (survey_id, browser_hash)
);

-- Evidence made from a pre/post pair points at the post survey, once.
ALTER TABLE evidence ADD CONSTRAINT evidence_survey_id_fkey FOREIGN KEY (survey_id) REFERENCES surveys (id);
CREATE UNIQUE INDEX evidence_survey_key ON evidence (survey_id) WHERE survey_id IS NOT NULL;

-- The built-in belonging pulse, written for this product: one statement
-- per dimension of belonging, and belonging to a community of staff and
-- students as a whole.
WITH pulse AS (
    INSERT INTO survey_instruments (institution_id, name, description, free_text_prompt)
    VALUES (NULL, 'Belonging pulse',
            'Eight short statements on the dimensions of belonging, each answered from strongly disagree to strongly agree. Takes about two minutes.',
            'Is there anything that would help you feel more at home on your course? (optional)')
    RETURNING id
)
INSERT INTO survey_statements (instrument_id, position, body, dimension)
SELECT pulse.id, s.position, s.body, s.dimension
FROM pulse, (VALUES
    (1, 'There are people on my course I could turn to if I needed help.', 'peers'),
    (2, 'I feel comfortable approaching the staff who teach me.', 'staff'),
    (3, 'I am confident I can succeed on my course.', 'confidence'),
    (4, 'People like me are welcome and respected on my course.', 'inclusion'),
    (5, 'Staff and other students would notice if I was not there.', 'mattering'),
    (6, 'Most weeks I feel well enough in myself to get the most out of my studies.', 'wellbeing'),
    (7, 'When I speak up about my course, I am listened to.', 'voice'),
    (8, 'I feel part of a community of staff and students.', 'community')
) AS s (position, body, dimension);
