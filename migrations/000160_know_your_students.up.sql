-- Knowing the students a programme plans for (issue 23).
--
-- A cohort profile is what a programme director knows of a year's intake,
-- as counts only: how many students, and how many of them commute, care
-- for someone, are the first in their family at university, are mature,
-- international or disabled. There is deliberately no row per student and
-- nothing that names one. A count left empty is not known. No count may
-- exceed the cohort.
CREATE TABLE cohort_profiles (
    institution_id  bigint NOT NULL,
    programme_id    bigint NOT NULL,
    academic_year   integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    cohort_size     integer NOT NULL CHECK (cohort_size BETWEEN 1 AND 100000),
    commuting       integer CHECK (commuting BETWEEN 0 AND cohort_size),
    carers          integer CHECK (carers BETWEEN 0 AND cohort_size),
    first_in_family integer CHECK (first_in_family BETWEEN 0 AND cohort_size),
    mature          integer CHECK (mature BETWEEN 0 AND cohort_size),
    international   integer CHECK (international BETWEEN 0 AND cohort_size),
    disabled        integer CHECK (disabled BETWEEN 0 AND cohort_size),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, academic_year),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id) ON DELETE CASCADE
);

-- "What belonging means here": a programme's own words, written by staff
-- with students. written_with describes the students as a group ("the
-- year 2 course representatives"), never by name.
CREATE TABLE belonging_notes (
    institution_id bigint NOT NULL,
    programme_id   bigint PRIMARY KEY,
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    written_by     text NOT NULL CHECK (length(written_by) BETWEEN 1 AND 200),
    written_with   text NOT NULL CHECK (length(written_with) BETWEEN 1 AND 200),
    written_on     date NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id) ON DELETE CASCADE
);

-- A programme survey may be the programme's welcome-week baseline for an
-- academic year: one per programme and year, never an activity's survey.
ALTER TABLE surveys ADD COLUMN baseline_year integer CHECK (baseline_year BETWEEN 2000 AND 2100);
ALTER TABLE surveys ADD CONSTRAINT surveys_baseline_of_programme CHECK (baseline_year IS NULL OR activity_id IS NULL);
CREATE UNIQUE INDEX surveys_baseline_key ON surveys (programme_id, baseline_year) WHERE baseline_year IS NOT NULL;
