-- Tenancy starts here: every row that belongs to an institution carries
-- institution_id, and every query that reads it filters by it.
CREATE TABLE institutions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    -- The kind of institution, shown as context on shared case studies.
    kind        text NOT NULL DEFAULT 'university',
    -- First month of the academic year used by reports (1 August by default).
    year_start_month int NOT NULL DEFAULT 8 CHECK (year_start_month BETWEEN 1 AND 12),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Null only for coordinators, who work across institutions.
    institution_id bigint REFERENCES institutions (id),
    email          text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- An argon2id hash in PHC string form; empty until the person sets one.
    password_hash  text NOT NULL DEFAULT '',
    is_coordinator boolean NOT NULL DEFAULT false,
    disabled_at    timestamptz,
    -- Sessions remember the epoch they were made in; raising it ends every
    -- session of this person at their next request.
    session_epoch  integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (is_coordinator OR institution_id IS NOT NULL)
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_institution_idx ON users (institution_id);
