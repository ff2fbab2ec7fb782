-- When a session starts and ends, as instants: its date and times are UK
-- time. A session with no times takes the whole day; one with a start and
-- no end, an hour (as the calendar feed shows it).
ALTER TABLE activity_sessions
    ADD COLUMN starts_at timestamptz GENERATED ALWAYS AS
        ((session_date + coalesce(start_time, time '00:00')) AT TIME ZONE 'Europe/London') STORED,
    ADD COLUMN ends_at timestamptz GENERATED ALWAYS AS (
        CASE WHEN end_time IS NOT NULL THEN (session_date + end_time) AT TIME ZONE 'Europe/London'
             WHEN start_time IS NOT NULL THEN (session_date + start_time + interval '1 hour') AT TIME ZONE 'Europe/London'
             ELSE (session_date + 1)::timestamp AT TIME ZONE 'Europe/London' END) STORED;

-- When the status was last set, by a person or by the upkeep. The upkeep
-- moves a scheduled activity on when its first session starts, and a
-- running one when its last session ends, only if that happens after the
-- status was set: a person who sets it afterwards has the last word.
-- Existing activities count from when they were made.
ALTER TABLE activities ADD COLUMN status_changed_at timestamptz;
UPDATE activities SET status_changed_at = created_at;
ALTER TABLE activities ALTER COLUMN status_changed_at SET DEFAULT now(), ALTER COLUMN status_changed_at SET NOT NULL;

-- The activities the upkeep looks at.
CREATE INDEX activities_following_sessions_idx ON activities (id) WHERE status IN ('scheduled', 'running') AND archived_at IS NULL;
