-- Anonymity that holds against the database itself (see docs/privacy.md).
--
-- A browser that has answered is no longer recorded anywhere: the record
-- of it was written in the same transaction as the answers, so the two
-- shared PostgreSQL's transaction id and could be joined. The browser now
-- keeps a cookie signed with the survey's key, the same for everyone who
-- answered, and the server keeps nothing.
DROP TABLE survey_submissions;
ALTER TABLE surveys RENAME COLUMN browser_salt TO answered_key;
COMMENT ON COLUMN surveys.answered_key IS
    'Signs the cookie that tells a browser has answered this survey. It never leaves the server.';

-- While a survey is open its responses lie in the order they arrived,
-- each written by its own transaction. When it closes they are rewritten
-- in random order, under new ids, by one transaction, and only then
-- sealed: results, reports and evidence read sealed surveys alone. Every
-- closed survey is sealed afresh by the upkeep, which shuffles the
-- responses it already holds.
ALTER TABLE surveys ADD COLUMN sealed boolean NOT NULL DEFAULT false;
UPDATE surveys SET sealed = true WHERE responses_deleted_on IS NOT NULL;
CREATE INDEX surveys_unsealed_idx ON surveys (closes_at) WHERE NOT sealed;
