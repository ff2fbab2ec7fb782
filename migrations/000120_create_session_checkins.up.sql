-- How many students checked in at the door of a session, by scanning the
-- code on the check-in screen. Only the number is kept: no row per
-- student, no time, address, browser or person, so nothing here can tie a
-- check-in to anyone or to another check-in (the schema test in
-- internal/checkin lists these columns and fails on anything new).
CREATE TABLE session_checkins (
    institution_id bigint NOT NULL,
    session_id     bigint PRIMARY KEY,
    checked_in     integer NOT NULL DEFAULT 0 CHECK (checked_in BETWEEN 0 AND 100000),
    FOREIGN KEY (institution_id, session_id) REFERENCES activity_sessions (institution_id, id) ON DELETE CASCADE
);
