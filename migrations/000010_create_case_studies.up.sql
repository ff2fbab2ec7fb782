-- A case study is the shareable write-up of an activity. The row holds
-- the working draft; what readers see is its publication, which stays as
-- it was while a new draft is edited and reviewed.
CREATE TABLE case_studies (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id     bigint NOT NULL REFERENCES institutions (id),
    programme_id       bigint NOT NULL,
    activity_id        bigint,
    author_id          bigint REFERENCES users (id),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary            text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    context            text NOT NULL DEFAULT '' CHECK (length(context) <= 20000),
    what_we_did        text NOT NULL DEFAULT '' CHECK (length(what_we_did) <= 20000),
    partnership        text NOT NULL DEFAULT '' CHECK (length(partnership) <= 20000),
    inclusivity        text NOT NULL DEFAULT '' CHECK (length(inclusivity) <= 20000),
    impact             text NOT NULL DEFAULT '' CHECK (length(impact) <= 20000),
    lessons            text NOT NULL DEFAULT '' CHECK (length(lessons) <= 20000),
    advice             text NOT NULL DEFAULT '' CHECK (length(advice) <= 20000),
    cost_effort        text NOT NULL DEFAULT '' CHECK (length(cost_effort) <= 20000),
    institution_type   text NOT NULL DEFAULT '' CHECK (length(institution_type) <= 200),
    discipline         text NOT NULL DEFAULT '' CHECK (length(discipline) <= 200),
    cohort             text NOT NULL DEFAULT '' CHECK (length(cohort) <= 200),
    kind               text NOT NULL,
    stage              text NOT NULL,
    dimensions         text[] NOT NULL DEFAULT '{}',
    placement          text NOT NULL,
    evidence_strength  integer NOT NULL DEFAULT 0 CHECK (evidence_strength BETWEEN 0 AND 3),
    academic_year      integer NOT NULL,
    -- Who may read the publication the author asks for; sharing beyond the
    -- institution waits for a programme director's or admin's review.
    requested_visibility text NOT NULL DEFAULT 'draft' CHECK (requested_visibility IN ('draft', 'institution', 'network', 'public')),
    review_state       text NOT NULL DEFAULT 'none' CHECK (review_state IN ('none', 'pending', 'approved', 'changes_requested')),
    review_comment     text NOT NULL DEFAULT '' CHECK (length(review_comment) <= 4000),
    reviewed_by        bigint REFERENCES users (id),
    reviewed_at        timestamptz,
    version            integer NOT NULL DEFAULT 1,
    archived_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE SET NULL (activity_id)
);
CREATE INDEX case_studies_institution_idx ON case_studies (institution_id, updated_at DESC);
CREATE INDEX case_studies_activity_idx ON case_studies (activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX case_studies_review_idx ON case_studies (institution_id) WHERE review_state = 'pending';

-- Evidence items the case study cites.
CREATE TABLE case_study_evidence (
    case_study_id bigint NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    evidence_id   bigint NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    PRIMARY KEY (case_study_id, evidence_id)
);

-- What readers see: one publication per case study, replaced when a new
-- version is published. The facets are copied here so the library reads
-- one table; `body` is the plain text of every section, for search and
-- snippets; `sections` keeps the Markdown for display.
CREATE TABLE case_study_publications (
    case_study_id     bigint PRIMARY KEY REFERENCES case_studies (id) ON DELETE CASCADE,
    institution_id    bigint NOT NULL REFERENCES institutions (id),
    visibility        text NOT NULL CHECK (visibility IN ('institution', 'network', 'public')),
    title             text NOT NULL,
    summary           text NOT NULL,
    sections          jsonb NOT NULL,
    body              text NOT NULL,
    evidence          jsonb NOT NULL DEFAULT '[]',
    kind              text NOT NULL,
    stage             text NOT NULL,
    dimensions        text[] NOT NULL,
    placement         text NOT NULL,
    discipline        text NOT NULL,
    institution_type  text NOT NULL,
    institution_name  text NOT NULL,
    evidence_strength integer NOT NULL,
    academic_year     integer NOT NULL,
    version           integer NOT NULL,
    published_at      timestamptz NOT NULL DEFAULT now(),
    published_by      bigint REFERENCES users (id),
    -- Title weighs most, then the summary, then the body.
    search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', body), 'C')) STORED
);
-- Searches test `search` row by row when they walk the newest first, so it
-- stays in the row (a few kilobytes at most) while the long text, read
-- only for the page shown, moves out of it.
ALTER TABLE case_study_publications
    ALTER COLUMN search SET STORAGE MAIN,
    ALTER COLUMN body SET STORAGE EXTERNAL,
    ALTER COLUMN sections SET STORAGE EXTERNAL;
CREATE INDEX case_study_publications_search_idx ON case_study_publications USING gin (search);
CREATE INDEX case_study_publications_newest_idx ON case_study_publications (published_at DESC, case_study_id DESC);

-- Coordinators curate ordered collections, optionally shared to the network.
CREATE TABLE collections (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES users (id),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    shared      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collections_owner_idx ON collections (owner_id);

CREATE TABLE collection_items (
    collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    case_study_id bigint NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    PRIMARY KEY (collection_id, case_study_id)
);

CREATE TABLE bookmarks (
    user_id       bigint NOT NULL REFERENCES users (id),
    case_study_id bigint NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, case_study_id)
);
