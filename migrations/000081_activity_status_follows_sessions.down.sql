DROP INDEX activities_following_sessions_idx;
ALTER TABLE activities DROP COLUMN status_changed_at;
ALTER TABLE activity_sessions DROP COLUMN ends_at, DROP COLUMN starts_at;
