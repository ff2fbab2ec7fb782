-- Notifications: what the app tells staff by email, each kind on or off
-- per person, at once or in a Monday digest. Students have no accounts,
-- so no notification can be addressed to one.

-- A person's choice for one kind; a kind without a row is emailed at once.
CREATE TABLE notification_settings (
    user_id    bigint NOT NULL REFERENCES users (id),
    kind       text NOT NULL CHECK (kind IN ('review_waiting', 'review_decided', 'outcome_due', 'survey_closing',
                   'survey_results', 'invitation_accepted', 'job_failed')),
    delivery   text NOT NULL CHECK (delivery IN ('immediate', 'digest', 'off')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

-- One notification for one person. subject_key names what it is about
-- ('session:81', 'case_study:12:v3'), so each occasion is noted once
-- however often the write or the job that notices it runs. data is what
-- the email says, as it stood when the notification was made.
CREATE TABLE notifications (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    user_id        bigint NOT NULL REFERENCES users (id),
    kind           text NOT NULL CHECK (kind IN ('review_waiting', 'review_decided', 'outcome_due', 'survey_closing',
                       'survey_results', 'invitation_accepted', 'job_failed')),
    subject_key    text NOT NULL CHECK (length(subject_key) BETWEEN 1 AND 200),
    data           jsonb NOT NULL,
    delivery       text NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    emailed_at     timestamptz,
    UNIQUE (user_id, kind, subject_key)
);
-- The Monday digest reads each person's notifications waiting for it.
CREATE INDEX notifications_digest_idx ON notifications (user_id, created_at) WHERE delivery = 'digest' AND emailed_at IS NULL;
CREATE INDEX notifications_created_idx ON notifications (created_at);

-- Every email handed to the mail server, by the key that names it
-- ('invitation:42', 'notification:913', 'digest:17:2026-11-30'): a job
-- retried after it sent finds its key here and does not send again.
CREATE TABLE mail_sent (
    key        text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    message_id text NOT NULL,
    sent_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_sent_sent_idx ON mail_sent (sent_at);

-- The development mailbox keeps the whole message.
ALTER TABLE dev_mail
    ADD COLUMN html text NOT NULL DEFAULT '',
    ADD COLUMN message_id text NOT NULL DEFAULT '',
    ADD COLUMN unsubscribe text NOT NULL DEFAULT '';

-- An invitation's link is derived from this salt with the signing key, so
-- the job that emails it can rebuild the link while the database keeps
-- only the link's hash, as before.
ALTER TABLE invitations ADD COLUMN link_salt bytea CHECK (length(link_salt) = 32);

-- A calendar feed is a programme's or, for "my sessions", a person's.
ALTER TABLE calendar_feeds
    ALTER COLUMN programme_id DROP NOT NULL,
    ADD COLUMN user_id bigint REFERENCES users (id),
    ADD CONSTRAINT calendar_feeds_owner_check CHECK ((programme_id IS NULL) <> (user_id IS NULL));
CREATE UNIQUE INDEX calendar_feeds_active_person_key ON calendar_feeds (user_id) WHERE revoked_at IS NULL AND user_id IS NOT NULL;

-- Reminders look for sessions by date across every institution.
CREATE INDEX activity_sessions_day_idx ON activity_sessions (session_date);
-- "Surveys to close" are the open surveys a person runs.
CREATE INDEX surveys_created_by_idx ON surveys (created_by, closes_at) WHERE responses_deleted_on IS NULL;
