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
