-- What happened at an activity, or at one session of it.
CREATE TABLE outcomes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    session_id     bigint REFERENCES activity_sessions (id) ON DELETE SET NULL,
    outcome_date   date NOT NULL,
    attendance     integer CHECK (attendance BETWEEN 0 AND 100000),
    invited        integer CHECK (invited BETWEEN 1 AND 100000),
    staff_present  text NOT NULL DEFAULT '' CHECK (length(staff_present) <= 500),
    what_worked    text NOT NULL DEFAULT '' CHECK (length(what_worked) <= 4000),
    what_to_change text NOT NULL DEFAULT '' CHECK (length(what_to_change) <= 4000),
    aims_met       integer CHECK (aims_met BETWEEN 1 AND 5),
    student_quotes text NOT NULL DEFAULT '' CHECK (length(student_quotes) <= 4000),
    next_steps     text NOT NULL DEFAULT '' CHECK (length(next_steps) <= 4000),
    recorded_by    bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE
);
CREATE INDEX outcomes_activity_idx ON outcomes (activity_id, outcome_date);
CREATE INDEX outcomes_session_idx ON outcomes (session_id) WHERE session_id IS NOT NULL;

-- Evidence for an activity or one of its outcomes: a stored file or a
-- link, rated on the OfS standards of evidence (1 narrative, 2 empirical,
-- 3 causal).
CREATE TABLE evidence (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    outcome_id     bigint,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind           text NOT NULL CHECK (kind IN ('attendance', 'survey', 'feedback', 'photo', 'artefact', 'report', 'other')),
    strength       integer NOT NULL CHECK (strength BETWEEN 1 AND 3),
    notes          text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    -- What Type 2 and 3 evidence needs said about it.
    instrument     text NOT NULL DEFAULT '' CHECK (length(instrument) <= 500),
    sample_size    integer CHECK (sample_size BETWEEN 0 AND 10000000),
    response_rate  integer CHECK (response_rate BETWEEN 0 AND 100),
    comparison     text NOT NULL DEFAULT '' CHECK (length(comparison) <= 1000),
    effect_size    text NOT NULL DEFAULT '' CHECK (length(effect_size) <= 200),
    link_url       text CHECK (link_url ~ '^https?://'),
    -- A stored file: its key in the blob store (never the uploaded name),
    -- the name to offer on download, its type, size and SHA-256.
    file_key       text UNIQUE,
    file_name      text,
    content_type   text,
    size_bytes     bigint CHECK (size_bytes >= 0),
    sha256         bytea,
    photo_consent  boolean NOT NULL DEFAULT false,
    -- Evidence the app made itself from a pre/post pair of pulse surveys
    -- (the surveys migration adds the foreign key).
    survey_id      bigint,
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (institution_id, outcome_id) REFERENCES outcomes (institution_id, id) ON DELETE SET NULL (outcome_id),
    CHECK ((link_url IS NOT NULL)::int + (file_key IS NOT NULL)::int + (survey_id IS NOT NULL)::int = 1),
    CHECK (file_key IS NULL OR (file_name IS NOT NULL AND content_type IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL)),
    CHECK (kind <> 'photo' OR photo_consent)
);
CREATE INDEX evidence_activity_idx ON evidence (activity_id);
CREATE INDEX evidence_outcome_idx ON evidence (outcome_id) WHERE outcome_id IS NOT NULL;
