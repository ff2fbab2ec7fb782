DROP INDEX surveys_unsealed_idx;
ALTER TABLE surveys DROP COLUMN sealed;
COMMENT ON COLUMN surveys.answered_key IS NULL;
ALTER TABLE surveys RENAME COLUMN answered_key TO browser_salt;
CREATE TABLE survey_submissions (
    survey_id    bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    browser_hash bytea NOT NULL CHECK (length(browser_hash) = 32),
    PRIMARY KEY (survey_id, browser_hash)
);
