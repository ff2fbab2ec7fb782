-- Each institution's accessibility statement and privacy notice: the parts
-- only the institution can say (who to contact, who the controller and
-- data protection officer are, what is not yet accessible in its own
-- content). The rest of both pages is written from the product and its
-- settings, so it cannot drift from what the app does. A row exists once
-- an admin has saved either page; until then the pages say the
-- institution has not yet reviewed them.
CREATE TABLE institution_notices (
    institution_id          bigint PRIMARY KEY REFERENCES institutions (id) ON DELETE CASCADE,
    -- Accessibility statement.
    access_contact_email    text NOT NULL DEFAULT '' CHECK (length(access_contact_email) <= 254),
    access_contact_phone    text NOT NULL DEFAULT '' CHECK (length(access_contact_phone) <= 40),
    access_reply_days       integer CHECK (access_reply_days BETWEEN 1 AND 60),
    access_known_issues     text NOT NULL DEFAULT '' CHECK (length(access_known_issues) <= 8000),
    access_prepared_on      date,
    access_reviewed_on      date,
    -- Privacy notice.
    controller_name         text NOT NULL DEFAULT '' CHECK (length(controller_name) <= 200),
    controller_address      text NOT NULL DEFAULT '' CHECK (length(controller_address) <= 1000),
    dpo_name                text NOT NULL DEFAULT '' CHECK (length(dpo_name) <= 200),
    dpo_email               text NOT NULL DEFAULT '' CHECK (length(dpo_email) <= 254),
    privacy_extra           text NOT NULL DEFAULT '' CHECK (length(privacy_extra) <= 8000),
    privacy_reviewed_on     date
);

-- Retention beyond surveys, off (null) unless an admin sets it: evidence
-- files, and outcomes, are deleted this many whole years after the end of
-- their activity's academic year.
ALTER TABLE institutions
    ADD COLUMN evidence_file_retention_years integer CHECK (evidence_file_retention_years BETWEEN 1 AND 30),
    ADD COLUMN outcome_retention_years integer CHECK (outcome_retention_years BETWEEN 1 AND 30);
