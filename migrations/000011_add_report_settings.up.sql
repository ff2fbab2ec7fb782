-- Reports. An institution chooses whether its figures join the network
-- report: counts of activities and evidence, and pulse survey results,
-- always combined with other institutions' and hidden below the network
-- thresholds. Nothing is shared until an admin turns this on. (The first
-- month of the academic year, year_start_month, is already a setting.)
ALTER TABLE institutions ADD COLUMN share_network_figures boolean NOT NULL DEFAULT false;

-- Reports read a whole institution's year at once: activities by year,
-- outcomes and surveys by date.
CREATE INDEX activities_institution_year_idx ON activities (institution_id, academic_year) WHERE archived_at IS NULL;
CREATE INDEX outcomes_institution_date_idx ON outcomes (institution_id, outcome_date);
CREATE INDEX surveys_institution_closes_idx ON surveys (institution_id, closes_at);

-- Planner statistics: a programme belongs to one institution, so the
-- two conditions every scoped query carries are not independent.
CREATE STATISTICS activities_programme_stats (dependencies) ON institution_id, programme_id FROM activities;
CREATE STATISTICS surveys_programme_stats (dependencies) ON institution_id, programme_id FROM surveys;

-- The answers of a closed survey never change, so reports read them
-- tallied once per statement rather than counting every answer again.
-- surveys.tallied_responses is set with the tallies (NULL: not yet).
ALTER TABLE surveys ADD COLUMN tallied_responses integer;
CREATE TABLE survey_tallies (
    survey_id    bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    statement_id bigint NOT NULL REFERENCES survey_statements (id),
    answered     integer NOT NULL,
    agree        integer NOT NULL,
    score_sum    bigint NOT NULL,
    PRIMARY KEY (survey_id, statement_id)
);
