-- A belonging activity of a programme, optionally on one of its modules,
-- planned for one academic year (named by the year it starts in).
CREATE TABLE activities (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id   bigint NOT NULL REFERENCES institutions (id),
    programme_id     bigint NOT NULL,
    module_id        bigint,
    academic_year    integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind             text NOT NULL CHECK (kind IN ('induction', 'extended_induction', 'social', 'meet_researcher',
                         'research_conference', 'mentoring', 'ambassadors', 'small_group', 'co_created_resource',
                         'shared_space', 'other')),
    stage            text NOT NULL CHECK (stage IN ('pre_arrival', 'welcome_week', 'term_1', 'term_2', 'term_3',
                         'transition', 'final_year', 'postgraduate')),
    dimensions       text[] NOT NULL CHECK (cardinality(dimensions) >= 1 AND dimensions <@ ARRAY['peers', 'staff',
                         'confidence', 'inclusion', 'mattering', 'wellbeing', 'voice']),
    placement        text NOT NULL CHECK (placement IN ('curricular', 'co_curricular', 'extra_curricular')),
    level            text NOT NULL CHECK (level IN ('module', 'programme', 'department', 'institution')),
    -- The inclusivity checklist.
    in_timetabled_hours    boolean NOT NULL DEFAULT false,
    online_option          boolean NOT NULL DEFAULT false,
    free_to_students       boolean NOT NULL DEFAULT false,
    accessible             boolean NOT NULL DEFAULT false,
    suits_commuters_carers boolean NOT NULL DEFAULT false,
    alcohol_free           boolean NOT NULL DEFAULT false,
    dietary_needs_met      boolean NOT NULL DEFAULT false,
    -- Partnership with students: for them, with them, or led by them.
    partnership      text NOT NULL DEFAULT 'for' CHECK (partnership IN ('for', 'with', 'by')),
    partnership_how  text NOT NULL DEFAULT '' CHECK (length(partnership_how) <= 4000),
    aims             text NOT NULL DEFAULT '' CHECK (length(aims) <= 4000),
    -- Theory of change: the basis of narrative (Type 1) evidence.
    toc_inputs       text NOT NULL DEFAULT '' CHECK (length(toc_inputs) <= 4000),
    toc_activities   text NOT NULL DEFAULT '' CHECK (length(toc_activities) <= 4000),
    toc_outputs      text NOT NULL DEFAULT '' CHECK (length(toc_outputs) <= 4000),
    toc_outcomes     text NOT NULL DEFAULT '' CHECK (length(toc_outcomes) <= 4000),
    toc_impact       text NOT NULL DEFAULT '' CHECK (length(toc_impact) <= 4000),
    toc_assumptions  text NOT NULL DEFAULT '' CHECK (length(toc_assumptions) <= 4000),
    lead_id          bigint REFERENCES users (id),
    other_team       text NOT NULL DEFAULT '' CHECK (length(other_team) <= 1000),
    funding_source   text NOT NULL DEFAULT '' CHECK (length(funding_source) <= 200),
    budget_pence     bigint CHECK (budget_pence BETWEEN 0 AND 100000000000),
    audience_level   text NOT NULL DEFAULT 'ug' CHECK (audience_level IN ('foundation', 'ug', 'pgt', 'pgr', 'all')),
    audience_year    integer CHECK (audience_year BETWEEN 1 AND 8),
    cohort_size      integer CHECK (cohort_size BETWEEN 0 AND 100000),
    status           text NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'planned', 'scheduled', 'running', 'completed', 'evaluated')),
    -- Raised by every edit; an edit based on an older version is refused.
    version          integer NOT NULL DEFAULT 1,
    created_by       bigint REFERENCES users (id),
    archived_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, module_id) REFERENCES modules (institution_id, id)
);
CREATE INDEX activities_programme_idx ON activities (programme_id, academic_year) WHERE archived_at IS NULL;
CREATE INDEX activities_module_idx ON activities (module_id) WHERE module_id IS NOT NULL;
CREATE INDEX activities_lead_idx ON activities (lead_id) WHERE lead_id IS NOT NULL;
-- A person's draft ideas, for their home page.
CREATE INDEX activities_ideas_idx ON activities (created_by) WHERE status = 'idea' AND archived_at IS NULL;

-- People on the activity's team besides the lead.
CREATE TABLE activity_team (
    activity_id bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_team_user_idx ON activity_team (user_id);

-- The dated sessions of an activity.
CREATE TABLE activity_sessions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    session_date   date NOT NULL,
    start_time     time,
    end_time       time,
    location       text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
    online_url     text NOT NULL DEFAULT '' CHECK (length(online_url) <= 500),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    CHECK (end_time IS NULL OR start_time IS NULL OR end_time > start_time),
    CHECK (end_time IS NULL OR start_time IS NOT NULL)
);
CREATE INDEX activity_sessions_activity_idx ON activity_sessions (activity_id, session_date);
CREATE INDEX activity_sessions_date_idx ON activity_sessions (institution_id, session_date);

-- A programme's private calendar feed. Only the token's hash is kept;
-- revoking sets revoked_at, and a new token starts a new row.
CREATE TABLE calendar_feeds (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL,
    programme_id   bigint NOT NULL,
    token_hash     bytea NOT NULL UNIQUE,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id)
);
CREATE UNIQUE INDEX calendar_feeds_active_key ON calendar_feeds (programme_id) WHERE revoked_at IS NULL;
